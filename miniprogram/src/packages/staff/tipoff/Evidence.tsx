import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { API_BASE } from '@/services/request';
import { getState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { DECORATIVE_IMG } from '@/utils/img';

// Evidence files are private (staff only): an <img> cannot send the session header, so download first.
async function download(url: string): Promise<string | null> {
  const { token } = getState();
  try {
    const r = await Taro.downloadFile({ url, header: token ? { Authorization: `Bearer ${token}` } : {} });
    return r.statusCode === 200 ? r.tempFilePath : null;
  } catch {
    return null;
  }
}
const absolute = (u: string) => (/^https?:/.test(u) ? u : `${API_BASE}${u.replace(/^\/api\/v1/, '')}`);

/** A thumbnail of one evidence file; tap to see the full photo. Photos had EXIF/GPS removed on upload. */
export default function Evidence({ media, label }: { media: { id: string; kind: string; url: string; thumbnailUrl: string | null }; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!media.thumbnailUrl) return;
    let live = true;
    download(absolute(media.thumbnailUrl)).then((p) => { if (!live) return; if (p) setSrc(p); else setFailed(true); });
    return () => { live = false; };
  }, [media.thumbnailUrl]);
  const open = async () => {
    const full = await download(absolute(media.url));
    if (!full) return;
    if (media.kind === 'image') void Taro.previewImage({ urls: [full], current: full });
    else void Taro.showToast({ title: '视频已下载，可在文件中查看', icon: 'none' });
  };
  return (
    <View className='photo tq-photo' data-media={media.id} onClick={open} {...a11y({ role: 'button', label: `查看${label}`, onActivate: open })}>
      {src ? (
        <Image className='photo__img' src={src} mode='aspectFill' {...DECORATIVE_IMG} />
      ) : (
        <Text className='muted'>{media.kind === 'video' ? '视频' : failed ? '无法预览' : '加载中'}</Text>
      )}
    </View>
  );
}
