// Food categories of small workshops. Key categories get more inspections (DOMAIN.md §2, seed 001).
export const CATEGORIES = [
  { code: 'liquor', name: '酒类', key: true, risk: 3 },
  { code: 'meat', name: '肉制品', key: true, risk: 4 },
  { code: 'rice_flour', name: '米面制品', key: true, risk: 3 },
  { code: 'soy', name: '豆制品', key: true, risk: 3 },
  { code: 'pastry', name: '糕点', key: true, risk: 3 },
  { code: 'edible_oil', name: '食用植物油', key: false, risk: 4 },
  { code: 'condiment', name: '调味品', key: false, risk: 2 },
  { code: 'pickles', name: '酱腌菜', key: false, risk: 2 },
  { code: 'roasted_nuts', name: '炒货', key: false, risk: 2 },
  { code: 'tea', name: '茶叶', key: false, risk: 1 },
  { code: 'candy', name: '糖果制品', key: false, risk: 2 },
  { code: 'bee', name: '蜂产品', key: false, risk: 2 },
] as const;

export type CategoryCode = (typeof CATEGORIES)[number]['code'];
export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as [CategoryCode, ...CategoryCode[]];

export function categoryName(code: string): string {
  return CATEGORIES.find((c) => c.code === code)?.name ?? code;
}

/** Seed of the negative list (禁止生产食品目录); admins configure it per region. */
export const NEGATIVE_LIST_SEED = [
  { item: '食用调和油', reason: '调和油不得由小作坊生产' },
  { item: '食盐', reason: '食盐实行定点生产' },
  { item: '婴幼儿配方食品', reason: '婴幼儿和其他特定人群的主辅食品禁止小作坊生产' },
  { item: '特殊医学用途配方食品', reason: '特殊医学用途配方食品禁止小作坊生产' },
  { item: '保健食品', reason: '保健食品需注册或备案，禁止小作坊生产' },
  { item: '罐头', reason: '罐头食品禁止小作坊生产' },
  { item: '乳制品', reason: '乳制品禁止小作坊生产' },
] as const;

/** The 10-item daily inspection checklist (seed 003). */
export const CHECKLIST_ITEMS = [
  { code: 'license_display', name: '亮证经营' },
  { code: 'safety_pledge', name: '安全承诺' },
  { code: 'self_inspection', name: '自查制度落实' },
  { code: 'health_check', name: '健康查体' },
  { code: 'purchase_check', name: '进货查验记录' },
  { code: 'receipts', name: '单据留存' },
  { code: 'additive_notice', name: '食品添加剂公示' },
  { code: 'operation', name: '操作规范' },
  { code: 'cleanliness', name: '场所清洁' },
  { code: 'labeling', name: '包装标示规范' },
] as const;
