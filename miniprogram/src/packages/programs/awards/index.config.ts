export default definePageConfig({ navigationBarTitleText: '获评名单', enablePullDownRefresh: true });
