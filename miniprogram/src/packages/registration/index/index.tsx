import ComingSoon from '@/components/ComingSoon';

// Placeholder until the registration feature lands; replace this page, keep the route (registration subpackage).
export default function RegistrationIndex() {
  return (
    <ComingSoon
      title='登记申请'
      summary='作坊登记申请（一次不跑）即将开放：在线填报、证照联办、进度查询。'
      features={[
        '在线填报登记申请，手机上传场所照片、健康证和承诺书',
        '食品小作坊登记证与个体工商户营业执照一次申请、联审联办',
        '负面清单即时校验：禁止生产的食品当场提示原因',
        '办理进度实时查询：受理、补正、现场核查、准予登记',
        '登记证到期前 30 日在线延续，变更、注销网上办',
      ]}
      note='材料齐全的，5 个工作日内作出受理决定；受理后 2 个工作日内完成现场核查。'
    />
  );
}
