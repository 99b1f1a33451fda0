export { createScmSourceModule } from './createScmSourceModule';
export { createSourceModule } from './createSourceModule';
export type { SourceModuleOptions } from './createSourceModule';
