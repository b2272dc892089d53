export default definePageConfig({ navigationBarTitleText: '培训证书核验' });
