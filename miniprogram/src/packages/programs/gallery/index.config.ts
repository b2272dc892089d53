export default definePageConfig({ navigationBarTitleText: '非遗美食', enablePullDownRefresh: true });
