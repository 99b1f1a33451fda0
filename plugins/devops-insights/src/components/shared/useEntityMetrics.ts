import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  DevopsInsightsApi,
  devopsInsightsApiRef,
  DevopsInsightsQuery,
} from '../../api';
import { isPoolingKind } from './PooledEntities';
import { useMetricsWindow } from './useMetricsWindow';

/**
 * What every entity tab starts from: the page's entity, the window of the
 * URL and the tab's one request for them, asked again when either changes.
 * `load` should depend on nothing but its arguments (it is not a dependency
 * of the request).
 */
export function useEntityMetrics<T>(
  load: (api: DevopsInsightsApi, query: DevopsInsightsQuery) => Promise<T>,
) {
  const { entity } = useEntity();
  const api = useApi(devopsInsightsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const windowState = useMetricsWindow();
  const { from, to } = windowState.window;
  const state = useAsyncRetry(
    () => load(api, { entityRef, from, to }),
    [api, entityRef, from, to],
  );
  return {
    api,
    entityRef,
    query: { entityRef, from, to } as DevopsInsightsQuery,
    /** What a Group/System/Domain's per-entity breakdown is of. */
    scope: { entityRef, kind: entity.kind, from, to },
    /** Groups, Systems and Domains pool the events of what they hold. */
    pooling: isPoolingKind(entity.kind),
    windowState,
    state,
  };
}
