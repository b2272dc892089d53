export default definePageConfig({ navigationBarTitleText: '非遗故事与授徒' });
