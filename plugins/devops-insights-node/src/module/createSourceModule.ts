import {
  AuthService,
  BackendFeature,
  coreServices,
  createBackendModule,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  catalogServiceRef,
  CatalogService,
} from '@backstage/plugin-catalog-node';
import {
  DevopsInsightsSource,
  devopsInsightsSourcesExtensionPoint,
} from '../sources';

/**
 * What {@link createSourceModule} needs to add one source.
 * @public
 */
export type SourceModuleOptions<S> = {
  moduleId: string;
  /** Undefined when the source is not configured. */
  readSettings(config: RootConfigService): S | undefined;
  createSource(deps: {
    settings: S;
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
  }): DevopsInsightsSource;
  notEnabledMessage: string;
  /** Logged once the source was added. */
  enabledMessage(settings: S, source: DevopsInsightsSource): string;
};

/**
 * A backend module of the `devops-insights` plugin that adds one source
 * when its settings are configured, and otherwise logs `notEnabledMessage`
 * once and adds nothing.
 * @public
 */
export function createSourceModule<S>(
  options: SourceModuleOptions<S>,
): BackendFeature {
  return createBackendModule({
    pluginId: 'devops-insights',
    moduleId: options.moduleId,
    register(reg) {
      reg.registerInit({
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          auth: coreServices.auth,
          catalog: catalogServiceRef,
          sources: devopsInsightsSourcesExtensionPoint,
        },
        async init({ config, logger, auth, catalog, sources }) {
          const settings = options.readSettings(config);
          if (!settings) {
            logger.info(options.notEnabledMessage);
            return;
          }
          const source = options.createSource({
            settings,
            catalog,
            auth,
            logger,
          });
          sources.addSource(source);
          logger.info(options.enabledMessage(settings, source));
        },
      });
    },
  });
}
