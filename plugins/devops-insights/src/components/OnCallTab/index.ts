export { OnCallTab } from './OnCallTab';
