export default definePageConfig({ navigationBarTitleText: '传承记录' });
