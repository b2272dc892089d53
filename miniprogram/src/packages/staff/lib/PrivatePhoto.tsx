import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { API_BASE } from '@/services/request';
import { getState } from '@/store/app';

/** A private photo (inspection, rectification): fetched with the session, since an <img> sends no token. */
export default function PrivatePhoto({ fileId, label }: { fileId: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    const { token } = getState();
    Taro.downloadFile({ url: `${API_BASE}/files/${fileId}/thumbnail`, header: token ? { Authorization: `Bearer ${token}` } : {} })
      .then((r) => live && (r.statusCode === 200 ? setSrc(r.tempFilePath) : setFailed(true)))
      .catch(() => live && setFailed(true));
    return () => { live = false; };
  }, [fileId]);
  return (
    <View className='photo'>
      {src ? <Image className='photo__img' src={src} mode='aspectFill' aria-label={label} /> : <Text>{failed ? '无法预览' : '加载中'}</Text>}
    </View>
  );
}
