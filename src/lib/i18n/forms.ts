import { defineMessages } from './define';

/** Messages shown next to a field. Keys match src/lib/validation/text.ts and the auth errors. */
export const forms = defineMessages({
  en: {
    required: 'Please fill this in.',
    tooShort: 'Please use at least {min} characters.',
    tooLong: 'Please use at most {max} characters.',
    invalidCharacters: 'This has characters we cannot store (hidden control characters or broken text). Please type it again.',
    invalidChoice: 'Please choose one of the options.',
    loginInvalid: 'Use a phone number, or a name of 2–32 letters or digits (you may use . _ -).',
    loginTaken: 'This login is already used. Try another, or log in if it is yours.',
    passwordTooShort: 'The password needs at least {min} characters.',
    passwordTooLong: 'The password can have at most {max} characters.',
    badCredentials: 'The login or password is not right. Check both and try again.',
    currentPasswordWrong: 'Your current password is not right.',
    codeInvalid: 'This code is not right, already used, or more than 24 hours old. Ask your trainer for a new one.',
    formProblem: 'Please check the fields marked below.',
    throttled: 'Too many wrong tries from this phone. Please wait {minutes} minutes and try again, or ask your trainer for help.',
    badForm: 'We could not read the form. Please try again.',
  },
  'zh-CN': {
    required: '请填写这一项。',
    tooShort: '至少要 {min} 个字。',
    tooLong: '最多 {max} 个字。',
    invalidCharacters: '这里有无法保存的字符（看不见的控制字符或乱码），请重新输入。',
    invalidChoice: '请从选项里选一个。',
    loginInvalid: '请填手机号，或者 2 到 32 个字的用户名（字母、数字、汉字，可用 . _ -）。',
    loginTaken: '这个账号已经有人用了。换一个，或者直接登录。',
    passwordTooShort: '密码至少要 {min} 个字符。',
    passwordTooLong: '密码最多 {max} 个字符。',
    badCredentials: '账号或密码不对，请检查后再试。',
    currentPasswordWrong: '当前密码不对。',
    codeInvalid: '这个重置码不对、已经用过，或者超过了 24 小时。请找培训老师要一个新的。',
    formProblem: '请检查下面标出的地方。',
    throttled: '这台手机输错的次数太多了。请等 {minutes} 分钟再试，或者找培训老师帮忙。',
    badForm: '表单没能读取，请再试一次。',
  },
});
