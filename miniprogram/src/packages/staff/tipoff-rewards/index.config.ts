export default definePageConfig({ navigationBarTitleText: '举报奖励审批', enablePullDownRefresh: true });
