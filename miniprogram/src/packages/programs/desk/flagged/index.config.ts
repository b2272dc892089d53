export default definePageConfig({ navigationBarTitleText: '待复核称号', enablePullDownRefresh: true });
