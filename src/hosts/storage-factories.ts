import type { ParentConfig } from '../config';
import type { Logger } from '../log';
import { DbengineHostStorage, DbengineShared } from '../projection/dbengine';
import { MapHostStorage } from '../projection/map';
import { SaveHostStorage } from '../projection/save';
import type { StorageFactories } from './host-storage';

/** How each persistent memory mode opens a host's storage; dbengine hosts share one quota and page cache. */
export function storageFactories(p: ParentConfig, logger: Logger): StorageFactories {
  let shared: DbengineShared | null = null;
  return {
    save: (dir) => new SaveHostStorage(dir, logger),
    map: (dir) => new MapHostStorage(dir, logger),
    dbengine: (dir) => {
      shared ??= new DbengineShared({ diskSpaceBytes: p.dbengineDiskSpaceBytes, pageCacheBytes: p.dbenginePageCacheBytes, logger });
      return new DbengineHostStorage(shared, dir, logger);
    },
  };
}
