import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { DECORATIVE_IMG } from '@/utils/img';
import { a11y } from '@/utils/a11y';
import { privateImagePath } from '../lib/upload';

/** A registration photo: the local preview when just chosen, else downloaded with the session. */
export default function PrivateImage({ fileId, preview, label }: { fileId: string; preview?: string; label: string }) {
  const [src, setSrc] = useState<string | null>(preview ?? null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (preview) return;
    let live = true;
    privateImagePath(fileId).then((p) => { if (!live) return; if (p) setSrc(p); else setFailed(true); });
    return () => { live = false; };
  }, [fileId, preview]);
  return (
    <View className='photo'>
      {src ? <Image className='photo__img' src={src} mode='aspectFill' {...a11y({ role: 'img', label })} {...DECORATIVE_IMG} /> : <Text className='photo__placeholder'>{failed ? '无法预览' : '加载中'}</Text>}
    </View>
  );
}
