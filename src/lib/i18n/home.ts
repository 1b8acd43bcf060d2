import { defineMessages } from './define';

export const home = defineMessages({
  en: {
    title: 'HarvestLink — sell your harvest online',
    heading: 'Sell your harvest to buyers across the country',
    intro:
      'Short lessons on your phone teach you to choose products, set prices, take good photos and ship safely. Then you build your own shop page and share it with a QR code on your door, your boxes and your market stall.',
    startLearning: 'Start learning',
    createAccount: 'Create an account',
    haveAccount: 'Already have an account? Log in',
    stepsHeading: 'How it works',
    stepLearn: 'Learn',
    stepLearnText: 'Fourteen short lessons with quizzes, in Chinese and English.',
    stepBuild: 'Build',
    stepBuildText: 'Your shop: your story, photos and a price for each jin, box or bottle.',
    stepShare: 'Share',
    stepShareText: 'A QR code and short link for your shop and every product. Print posters and box labels.',
    stepSell: 'Sell',
    stepSellText: 'Buyers scan, read and send you an order request. No payment app needed.',
    forTrainers: 'Trainers: run your class, see everyone’s progress and export it.',
    forBuyers: 'Buyers: browse farm shops by province in the market.',
  },
  'zh-CN': {
    title: '丰收链 — 把自家农产品卖到全国',
    heading: '把自家的好东西，卖给全国各地的买家',
    intro:
      '用手机学几节短课：选什么卖、怎么定价、怎么拍照、怎么发货。学完就能做自己的小店页面，再把二维码贴在门上、箱子上和集市摊位上。',
    startLearning: '开始学习',
    createAccount: '注册账号',
    haveAccount: '已经有账号？去登录',
    stepsHeading: '怎么用',
    stepLearn: '学',
    stepLearnText: '十四节短课，每节带小测验，中文英文都有。',
    stepBuild: '建',
    stepBuildText: '做自己的小店：写家里的故事，放照片，标好每斤、每箱、每瓶的价钱。',
    stepShare: '分享',
    stepShareText: '小店和每样商品都有二维码和短链接，可以打印门贴和箱贴。',
    stepSell: '卖',
    stepSellText: '买家扫码看货，给你发订货请求。不用装支付软件。',
    forTrainers: '培训老师：带班上课，看每个学员的进度，一键导出。',
    forBuyers: '买家：在集市里按省份找农户小店。',
  },
});
