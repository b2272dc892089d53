export default definePageConfig({ navigationBarTitleText: '区域监管指标' });
