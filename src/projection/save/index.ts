export { SaveHostStorage, SNAPSHOT_FILE } from './save-host-storage';
