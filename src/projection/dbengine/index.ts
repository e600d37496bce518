export { DbengineShared, type DbengineSharedOptions } from './dbengine-shared';
export { DbengineHostStorage } from './dbengine-host-storage';
