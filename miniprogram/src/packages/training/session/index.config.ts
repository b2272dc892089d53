export default definePageConfig({ navigationBarTitleText: '培训场次' });
