import { defineMessages } from './define';

export const common = defineMessages({
  en: {
    siteName: 'HarvestLink',
    tagline: 'Learn to sell your harvest online',
    skipToContent: 'Skip to main content',
    navHome: 'Home',
    navLessons: 'Lessons',
    navMarket: 'Market',
    navLogin: 'Log in',
    navSignup: 'Sign up',
    navAdmin: 'Users',
    navAssist: 'New farmer account',
    navLabel: 'Main',
    languageLabel: 'Language',
    footerNote: 'HarvestLink helps farmers learn, build a shop and share it with a QR code.',
  },
  'zh-CN': {
    siteName: '丰收链',
    tagline: '学会在网上卖自家的好东西',
    skipToContent: '跳到正文',
    navHome: '首页',
    navLessons: '课程',
    navMarket: '集市',
    navLogin: '登录',
    navSignup: '注册',
    navAdmin: '用户管理',
    navAssist: '帮农户开账号',
    navLabel: '主菜单',
    languageLabel: '语言',
    footerNote: '丰收链帮农户学本领、开网店，再用二维码把小店分享出去。',
  },
});
