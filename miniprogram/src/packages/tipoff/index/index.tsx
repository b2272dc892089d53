import ComingSoon from '@/components/ComingSoon';

// Placeholder until the tipoff feature lands; replace this page, keep the route (tipoff subpackage).
export default function TipoffIndex() {
  return (
    <ComingSoon
      title='举报黑作坊'
      summary='有奖举报即将开放：实名或匿名举报、上传照片、凭回执码查询进度。'
      features={[
        '实名或匿名提交举报线索，可上传照片和位置',
        '提交后获得回执码和查询口令，随时查询办理进度',
        '7 个工作日内决定是否受理，15 个工作日内反馈核查结果',
        '查证属实的举报按规定给予奖励',
      ]}
      note='举报人信息严格保密，照片上传前自动去除位置信息。'
    />
  );
}
