import ComingSoon from '@/components/ComingSoon';

// Placeholder until the programs feature lands; replace this page, keep the route (programs subpackage).
export default function ProgramsIndex() {
  return (
    <ComingSoon
      title='非遗与品牌'
      summary='非遗传承与品牌创建申报即将开放：查看项目条件、在线申报、公示查询。'
      features={[
        '非物质文化遗产代表性项目、传承人与工作室展示',
        '示范单位、名特优、老字号、阳光作坊等创建申报',
        '申报条件自动核对：登记状态、处罚记录、风险等级、培训情况',
        '评审结果公示，称号在作坊信用档案中展示',
      ]}
    />
  );
}
