export default definePageConfig({ navigationBarTitleText: '申报评审', enablePullDownRefresh: true });
