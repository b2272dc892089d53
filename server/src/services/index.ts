import type { Logger } from 'pino';
import { setRegionLookup } from '@shared/schemas/common';
import type { Config } from '../config';
import type { Db } from '../db/connection';
import { CalendarService } from './calendar';
import { DataCipher } from './crypto';
import { RegionService } from './regions';
import { FileStorage } from './storage';
import { WechatClient } from './wechat';
import { WorkshopIndex } from './workshopIndex';
import { WechatPayClient } from './wechatpay';

/** Everything a handler may need beyond its request, built once per app. */
export interface Services {
  config: Config;
  log: Logger;
  db: Db;
  wechat: WechatClient;
  cipher: DataCipher;
  regions: RegionService;
  calendar: CalendarService;
  storage: FileStorage;
  /** In-memory copy of the searchable workshop fields (public search, black list). */
  workshopIndex: WorkshopIndex;
  /** WeChat Pay (reward payouts); null while WECHATPAY_MCHID is unset. */
  pay: WechatPayClient | null;
}

// Region data is static: one copy per process, whatever the number of apps (tests build several).
const sharedRegions = new RegionService();
// Request schemas that place a record in a region check the code against this table (shared/src/schemas/common.ts).
setRegionLookup((code) => sharedRegions.exists(code));

export function buildServices(config: Config, log: Logger, db: Db): Services {
  return {
    config,
    log,
    db,
    wechat: new WechatClient(config.wechat),
    cipher: new DataCipher(config.dataKey),
    regions: sharedRegions,
    calendar: new CalendarService(),
    storage: new FileStorage(db, config.uploadLimitBytes),
    workshopIndex: new WorkshopIndex(config.searchRefreshMs),
    pay: config.wechatPay ? new WechatPayClient(config.wechatPay) : null,
  };
}
