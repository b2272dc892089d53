import '../zod';
import { z } from 'zod';
import { Text } from './common';

/** Public credit search (信用查询): a workshop name, certificate number or address fragment. */
export const CreditSearchQuery = z
  .strictObject({
    q: Text(50, { min: 2, minMessage: '请至少输入2个字', maxMessage: '查询内容不超过50个字' }),
  })
  .meta({ id: 'CreditSearchQuery' });
export type CreditSearchQuery = z.infer<typeof CreditSearchQuery>;
