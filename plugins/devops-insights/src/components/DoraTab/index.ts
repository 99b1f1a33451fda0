export { DoraTab } from './DoraTab';
