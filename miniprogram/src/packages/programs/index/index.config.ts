export default definePageConfig({ navigationBarTitleText: '非遗与品牌', enablePullDownRefresh: true });
