import { defineMessages } from './define';
import type { Locale } from './locales';

/**
 * The rich-text editor's toolbar (passed to the island as `labels`), the photo upload script's
 * status texts (passed as data attributes), and the messages for rich-text and photo errors.
 */
export const editor = defineMessages({
  en: {
    toolbar: 'Text formatting',
    bold: 'Bold',
    italic: 'Italic',
    heading2: 'Heading',
    heading3: 'Small heading',
    bulletList: 'List',
    orderedList: 'Numbered list',
    blockquote: 'Quote',
    link: 'Link',
    unlink: 'Remove link',
    linkUrl: 'Link address (web page, phone number or e-mail)',
    linkApply: 'Add link',
    linkCancel: 'Cancel',
    linkInvalid: 'This address cannot be used. Type a web address (like example.com), a phone number or an e-mail address.',
    plainTextHint: 'Leave an empty line between paragraphs.',
    richTextTooLarge: 'This text is too long to save. Please shorten it.',
    richTextBadLink: 'A link goes to an address that is not allowed. Links can open web pages, phone numbers or e-mail addresses.',
    richTextInvalid: 'This text could not be saved. Please copy it somewhere safe, reload the page and try again.',
    photoChoose: 'Take or choose a photo',
    photoUpload: 'Upload photo',
    photoPreparing: 'Making the photo smaller…',
    photoUploading: 'Uploading… {percent}%',
    photoUploaded: 'Photo uploaded.',
    photoFailed: 'The upload did not finish. Check your connection and try again.',
    photoProgress: 'Upload progress',
    photoUnsupported: 'This file is not a photo we can use. Please choose a JPEG, PNG or WebP photo (on an iPhone, set the camera to “Most Compatible”).',
    photoTooLarge: 'This photo is larger than {mb} MB. Please choose a smaller one.',
    photoTooManyPixels: 'This picture is too big ({mp} million pixels at most). Please choose a smaller one.',
    photoCorrupt: 'This photo could not be read. It may be damaged; please take it again.',
    photoQuotaFull: 'Your photo space is full ({mb} MB). Delete some old photos, then try again.',
  },
  'zh-CN': {
    toolbar: '文字格式',
    bold: '加粗',
    italic: '斜体',
    heading2: '标题',
    heading3: '小标题',
    bulletList: '列表',
    orderedList: '编号列表',
    blockquote: '引用',
    link: '链接',
    unlink: '去掉链接',
    linkUrl: '链接地址（网址、电话号码或邮箱）',
    linkApply: '加上链接',
    linkCancel: '取消',
    linkInvalid: '这个地址不能用。请填网址（比如 example.com）、电话号码或邮箱。',
    plainTextHint: '段落之间空一行。',
    richTextTooLarge: '这段文字太长了，保存不了，请删短一些。',
    richTextBadLink: '有一个链接的地址不允许使用。链接只能打开网页、电话号码或邮箱。',
    richTextInvalid: '这段文字没能保存。请先把文字复制到别处，刷新页面后再试。',
    photoChoose: '拍照或选一张照片',
    photoUpload: '上传照片',
    photoPreparing: '正在把照片变小……',
    photoUploading: '正在上传……{percent}%',
    photoUploaded: '照片已上传。',
    photoFailed: '没有传完。请检查网络后再试一次。',
    photoProgress: '上传进度',
    photoUnsupported: '这个文件不是能用的照片。请选 JPEG、PNG 或 WebP 格式的照片（苹果手机请把相机格式设为“兼容性最佳”）。',
    photoTooLarge: '这张照片超过了 {mb} MB，请选一张小一点的。',
    photoTooManyPixels: '这张图片太大了（最多 {mp} 百万像素），请选一张小一点的。',
    photoCorrupt: '这张照片读不出来，可能已经损坏，请重新拍一张。',
    photoQuotaFull: '你的照片空间满了（{mb} MB）。请先删掉一些旧照片再试。',
  },
});

export type EditorMessageKey = keyof (typeof editor)['en'];

/** The strings the editor island's toolbar and link form show (its `labels` prop). */
export type EditorToolbarLabels = Pick<
  Record<EditorMessageKey, string>,
  | 'toolbar'
  | 'bold'
  | 'italic'
  | 'heading2'
  | 'heading3'
  | 'bulletList'
  | 'orderedList'
  | 'blockquote'
  | 'link'
  | 'unlink'
  | 'linkUrl'
  | 'linkApply'
  | 'linkCancel'
  | 'linkInvalid'
>;

/** The toolbar strings in one language (only these are serialised into the page for the island). */
export function editorToolbarLabels(locale: Locale): EditorToolbarLabels {
  const t = editor[locale];
  return {
    toolbar: t.toolbar,
    bold: t.bold,
    italic: t.italic,
    heading2: t.heading2,
    heading3: t.heading3,
    bulletList: t.bulletList,
    orderedList: t.orderedList,
    blockquote: t.blockquote,
    link: t.link,
    unlink: t.unlink,
    linkUrl: t.linkUrl,
    linkApply: t.linkApply,
    linkCancel: t.linkCancel,
    linkInvalid: t.linkInvalid,
  };
}
