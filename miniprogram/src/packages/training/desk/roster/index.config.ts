export default definePageConfig({ navigationBarTitleText: '场次名单与签到', enablePullDownRefresh: true });
