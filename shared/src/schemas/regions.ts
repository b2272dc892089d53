import '../zod';
import { z } from 'zod';
import { RegionCode } from './common';

export const RegionsQuery = z.strictObject({ parent: RegionCode.optional() });

export const RegionView = z
  .object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['province', 'city', 'county', 'township']),
    hasChildren: z.boolean(),
  })
  .meta({ id: 'Region' });

export const RegionsResponse = z.object({ data: z.array(RegionView) }).meta({ id: 'RegionList' });
