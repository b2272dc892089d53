export default definePageConfig({ navigationBarTitleText: '登记审查详情' });
