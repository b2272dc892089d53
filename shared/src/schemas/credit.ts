import '../zod';
import { z } from 'zod';

/** Public credit search (信用查询): a workshop name, certificate number or address fragment. */
export const CreditSearchQuery = z
  .strictObject({
    q: z.string().trim().min(2, '请至少输入2个字').max(50, '查询内容不超过50个字'),
  })
  .meta({ id: 'CreditSearchQuery' });
export type CreditSearchQuery = z.infer<typeof CreditSearchQuery>;
