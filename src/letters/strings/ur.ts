import type { SummaryTexts } from '../letter-strings.js';

/**
 * Urdu: the worker summary (polite "آپ"; Urdu letters ی ک ہ ھ ے ں, Urdu punctuation ، ۔). Written in logical
 * order without bidi controls: the PDF renderer lays out the direction.
 */
export const ur: SummaryTexts = {
  common: {
    date: 'تاریخ',
    ourReference: 'ہمارا حوالہ',
    yourReference: 'آپ کا حوالہ',
    pageLabel: 'صفحہ {page} از {pages}',
    continuation: 'ہمارا حوالہ: {reference}',
    footer: '{union} · {contactPoint} · {city}',
    phoneLine: 'فون: {phone}',
    emailLine: 'ای میل: {email}',
    contactEmailAndPhone: '{email}، فون {phone}',
    contactEmail: '{email}',
    contactPhone: 'فون {phone}',
    forTheAttentionOf: 'بتوجہ: {name}',
    dearNamed: 'محترم/محترمہ {name}،',
    dearUnnamed: 'جناب/محترمہ،',
    closingNamed: 'مخلص،',
    closingUnnamed: 'مخلص،',
    enclosures: 'منسلکات',
    period: 'مدت',
    description: 'تفصیل',
    amount: 'رقم ({currency})',
    total: 'کل رقم',
    counsellorRole: 'مشیر',
    privateAndConfidential: 'نجی اور خفیہ',
    employmentFromTo: '{start} سے {end} تک',
    employmentSince: '{start} سے',
    jobAtWorkplace: '{workplace} میں {jobTitle}',
    yes: 'ہاں',
    no: 'نہیں',
    visaWithExpiry: '{visa}، {expiry} تک کارآمد',
    deadlineItem: '{title}: {due}',
    notReviewed:
      '{language} زبان کے اس متن کو ابھی ہمارے دفتر میں کسی اہل زبان نے نہیں جانچا۔ اگر اس میں کوئی بات واضح نہ ہو تو براہ کرم ہم سے پوچھیں۔',
    englishParts: 'اس دستاویز کے کچھ حصے انگریزی میں ہیں کیونکہ وہ صرف انگریزی میں موجود ہیں: {parts}۔',
    partLegalBasis: 'قانونی بنیاد',
    partEscalation: 'رقم ادا نہ ہونے پر کیا ہوگا',
    partUrgentHelp: 'فوری مدد کہاں سے ملے گی',
    partJurisdiction: 'دائرہ اختیار کا نام',
  },

  urgentHelp: {
    emergency: 'ایمرجنسی: {number}',
    emergencyServices: 'ایمرجنسی (پولیس، فائر بریگیڈ، ایمبولینس): {number}',
    ukModernSlavery:
      'Modern Slavery and Exploitation Helpline (جدید غلامی اور استحصال کے شکار افراد کے لیے ہیلپ لائن): {number} (مفت، چوبیس گھنٹے)',
    samaritans: 'Samaritans (بات چیت کے لیے ہیلپ لائن)، اگر آپ کو کسی سے بات کرنی ہو: {number} (مفت، چوبیس گھنٹے)',
    usTrafficking:
      'National Human Trafficking Hotline (انسانی اسمگلنگ کے شکار افراد کے لیے ہاٹ لائن): {number}، یا {text} پر ٹیکسٹ میسج کریں (چوبیس گھنٹے)',
    usCrisis: '988 Suicide & Crisis Lifeline (بحران اور خودکشی کے خیالات میں مدد): {number} پر کال یا ٹیکسٹ میسج کریں',
    auLifeline: 'Lifeline (بحران میں مدد): {number} (چوبیس گھنٹے)',
    au1800Respect: '1800RESPECT (جنسی، گھریلو اور خاندانی تشدد): {number}',
  },

  workerSummary: {
    title: 'آپ کے کیس کا خلاصہ',
    subject: 'آپ کے کیس کا خلاصہ، حوالہ {reference}',
    intro:
      'اس خط میں آپ کے کیس کا خلاصہ ہے: کیس کس بارے میں ہے، اب تک کیا کیا گیا ہے، آگے کیا ہوگا اور کون سی تاریخیں اہم ہیں۔ براہ کرم اسے کسی محفوظ جگہ پر رکھیں۔',
    aboutHeading: 'آپ کا کیس کس بارے میں ہے',
    doneHeading: 'اب تک کیا کیا گیا ہے',
    doneItem: '{date}: {text}',
    nextHeading: 'آگے کیا ہوگا',
    nextItem: '{action} (کون: {who})',
    nextItemBy: '{action} (کون: {who}، {date} تک)',
    deadlinesHeading: 'اہم تاریخیں',
    deadlinesIntro: 'یہ تاریخیں اہم ہیں۔ اگر کچھ بھی بدلے تو براہ کرم ہمیں فوری طور پر بتائیں۔',
    deadlineMissed: 'اگر یہ تاریخ گزر جائے: {ifMissed}',
    amountsHeading: 'وہ رقم جس کا ہم آپ کے لیے مطالبہ کر رہے ہیں',
    counsellorHeading: 'آپ کے مشیر',
    counsellor: '{contactPoint} میں {counsellor} آپ کے مشیر ہیں۔ کسی بھی سوال کے لیے ان سے رابطہ کریں:',
    counsellorPhone: 'فون',
    counsellorEmail: 'ای میل',
    counsellorAddress: 'پتہ',
    urgentHeading: 'اگر آپ کو فوری مدد چاہیے',
    urgentIntro: 'اگر آپ خطرے میں ہیں یا آپ کو ہمارے کام کے اوقات کے علاوہ مدد چاہیے:',
    closing: 'نیک خواہشات کے ساتھ،',
  },
};
