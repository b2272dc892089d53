export default definePageConfig({ navigationBarTitleText: '课程场次', enablePullDownRefresh: true });
