export default definePageConfig({ navigationBarTitleText: '今日任务', enablePullDownRefresh: true });
