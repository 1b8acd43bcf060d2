import { defineMessages } from './define';

export const errors = defineMessages({
  en: {
    notFoundTitle: 'Page not found',
    notFoundText: 'We could not find this page. The link may be old or mistyped.',
    serverErrorTitle: 'Something went wrong',
    serverErrorText: 'Sorry, the server had a problem. Please try again in a minute.',
    errorReference: 'If it keeps happening, tell your trainer this code: {id}',
    badRequestTitle: 'We could not read that request',
    badRequestText: 'The address or the form data was damaged on the way. Go back and try again.',
    tooLargeTitle: 'That is too large',
    tooLargeText: 'What you sent is bigger than we accept. Make it smaller and try again.',
    lengthRequiredText: 'Your browser sent data without saying how long it is. Please try again.',
    goHome: 'Go to the home page',
  },
  'zh-CN': {
    notFoundTitle: '找不到这个页面',
    notFoundText: '没有找到这个页面，可能链接旧了，或者输错了。',
    serverErrorTitle: '出了点问题',
    serverErrorText: '抱歉，服务器出了问题。请过一分钟再试。',
    errorReference: '如果一直这样，请把这个编号告诉你的培训老师：{id}',
    badRequestTitle: '这个请求没法读取',
    badRequestText: '网址或表单内容在路上坏掉了。请返回再试一次。',
    tooLargeTitle: '内容太大了',
    tooLargeText: '你发送的内容超过了上限。请弄小一点再试。',
    lengthRequiredText: '浏览器发送数据时没有说明长度，请再试一次。',
    goHome: '回到首页',
  },
});
