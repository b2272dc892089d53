export default definePageConfig({ navigationBarTitleText: '我的检查与整改' });
