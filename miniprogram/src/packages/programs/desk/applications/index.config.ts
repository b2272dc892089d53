export default definePageConfig({ navigationBarTitleText: '申报列表', enablePullDownRefresh: true });
