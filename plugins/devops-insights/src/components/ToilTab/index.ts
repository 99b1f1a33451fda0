export { ToilTab } from './ToilTab';
