export default definePageConfig({ navigationBarTitleText: '抽查结果公示' });
