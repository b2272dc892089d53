export default definePageConfig({ navigationBarTitleText: '曝光黑作坊' });
