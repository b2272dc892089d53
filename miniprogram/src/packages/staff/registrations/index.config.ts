export default definePageConfig({ navigationBarTitleText: '登记审查', enablePullDownRefresh: true });
