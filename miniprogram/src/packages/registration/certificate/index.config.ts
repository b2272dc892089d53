export default definePageConfig({ navigationBarTitleText: '食品小作坊登记证', navigationBarBackgroundColor: '#14532d' });
