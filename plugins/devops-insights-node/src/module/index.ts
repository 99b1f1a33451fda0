export { createSourceModule } from './createSourceModule';
