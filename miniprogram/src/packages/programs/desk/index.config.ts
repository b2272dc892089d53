export default definePageConfig({ navigationBarTitleText: '非遗与品牌评审', enablePullDownRefresh: true });
