import type { LetterTexts } from '../letter-strings.js';

/**
 * Arabic (Modern Standard Arabic, formal letter register). The worker's and the counsellor's gender is unknown, so
 * sentences are built around nouns (تفويض، فترة عمل، موافقة) or the first person plural rather than verbs that would
 * agree with {worker} or {counsellor}. Numbers come from the app (Latin digits, as the UI prints them); no bidi controls:
 * the renderer sets the direction.
 */
export const ar: LetterTexts = {
  common: {
    date: 'التاريخ',
    ourReference: 'مرجعنا',
    yourReference: 'مرجعكم',
    pageLabel: 'الصفحة {page} من {pages}',
    continuation: 'مرجعنا {reference}',
    footer: '{union} · {contactPoint} · {city}',
    phoneLine: 'الهاتف: {phone}',
    emailLine: 'البريد الإلكتروني: {email}',
    contactEmailAndPhone: '{email}، الهاتف: {phone}',
    contactEmail: '{email}',
    contactPhone: 'الهاتف: {phone}',
    forTheAttentionOf: 'لعناية: {name}',
    dearNamed: 'حضرة {name} المحترم/المحترمة،',
    dearUnnamed: 'السادة المحترمون،',
    closingNamed: 'وتفضلوا بقبول فائق الاحترام والتقدير،',
    closingUnnamed: 'وتفضلوا بقبول فائق الاحترام والتقدير،',
    enclosures: 'المرفقات',
    period: 'الفترة',
    description: 'البيان',
    amount: 'المبلغ ({currency})',
    total: 'الإجمالي',
    counsellorRole: 'مستشار',
    privateAndConfidential: 'خاص وسري',
    employmentFromTo: 'من {start} إلى {end}',
    employmentSince: 'منذ {start}',
    amountClaimed: 'الأجور والمبالغ الأخرى المستحقة',
    jobAtWorkplace: '{jobTitle} في {workplace}',
    yes: 'نعم',
    no: 'لا',
    visaWithExpiry: '{visa}، تنتهي صلاحيتها في {expiry}',
    deadlineItem: '{title}: {due}',
    notReviewed:
      'لم يراجع هذا النصَّ المكتوب باللغة {language} حتى الآن أحدٌ في مكتبنا ممن هي لغتهم الأم. إذا كان فيه أي شيء غير واضح، فاسألنا من فضلك.',
    englishParts: 'بعض أجزاء هذا المستند باللغة الإنجليزية لأنها غير متوفرة إلا بالإنجليزية: {parts}.',
    partLegalBasis: 'الأساس القانوني',
    partEscalation: 'ما سيحدث إذا لم يُدفع المبلغ',
    partUrgentHelp: 'أين يمكن الحصول على مساعدة عاجلة',
    partJurisdiction: 'اسم الولاية القضائية',
    partDeadlineTitles: 'أسماء المواعيد النهائية',
  },

  urgentHelp: {
    emergency: 'الطوارئ: {number}',
    emergencyServices: 'الطوارئ (الشرطة، الإطفاء، الإسعاف): {number}',
    ukModernSlavery:
      'Modern Slavery and Exploitation Helpline (خط المساعدة الخاص بالعبودية الحديثة والاستغلال): {number} (مجاني، على مدار الساعة)',
    samaritans: 'Samaritans (جمعية السامريين)، إذا كنت بحاجة إلى من تتحدث إليه: {number} (مجاني، على مدار الساعة)',
    usTrafficking:
      'National Human Trafficking Hotline (الخط الساخن الوطني لمكافحة الاتجار بالبشر): {number}، أو رسالة نصية إلى {text} (على مدار الساعة)',
    usCrisis: '988 Suicide & Crisis Lifeline (خط المساعدة في حالات الأزمات النفسية والانتحار): اتصال أو رسالة نصية إلى {number}',
    auLifeline: 'Lifeline (خط الحياة): {number} (على مدار الساعة)',
    au1800Respect: '1800RESPECT (العنف الجنسي والعنف المنزلي والأسري): {number}',
  },

  letterBeforeClaim: {
    title: 'خطاب إنذار قبل رفع دعوى (أجور غير مدفوعة)',
    subject: 'إنذار قبل رفع دعوى: الأجور المستحقة لصالح {worker}',
    intro:
      'نكتب إليكم بصفتنا ممثلين عن {worker}، بموجب تفويض مؤرخ في {authorisedOn} يخوّل {union} المطالبة نيابةً عن {worker} بالأجور المستحقة في ذمتكم. ويُعدّ هذا الخطاب إنذارًا رسميًا قبل رفع دعوى.',
    employmentEnded: 'امتدت فترة عمل {worker} لديكم بصفة {jobTitle} في {workplace} من {start} إلى {end}.',
    employmentOngoing: 'بدأ عمل {worker} لديكم بصفة {jobTitle} في {workplace} بتاريخ {start}، ولا يزال مستمرًا.',
    factsHeading: 'الوقائع',
    payAgreed: 'كان الأجر المتفق عليه {payAgreed}.',
    payReceived: 'أما الأجر المدفوع فعليًا فكان {payReceived}.',
    amountsIntro: 'المبالغ التالية مستحقة لصالح {worker} ولم تُدفع حتى الآن:',
    legalBasisHeading: 'الأساس القانوني',
    legalBasisHeadingIn: 'الأساس القانوني ({jurisdiction})',
    recordsHeading: 'سجلات الأجور',
    records:
      'ونرجو منكم أيضًا أن ترسلوا إلينا، في الموعد نفسه، نسخًا من قسائم الأجور وسجلات ساعات العمل وأي سجلات أجور أخرى تخص {worker} يُلزمكم القانون بالاحتفاظ بها، عن كامل فترة العمل.',
    demandHeading: 'ما نطلبه منكم',
    demand: 'نطلب منكم أن تدفعوا إلى {worker} المبلغ الإجمالي البالغ {total} في موعد أقصاه {deadline}.',
    paymentDefault:
      'يُرجى دفع المبلغ مباشرةً إلى {worker} بالطريقة التي كانت تُدفع بها الأجور، وتأكيد الدفع لنا كتابيًا.',
    consequenceDefault:
      'وإذا لم يُدفع المبلغ الإجمالي كاملًا بحلول ذلك التاريخ، فسندعم {worker}، دون أي إشعار آخر، في رفع دعوى أمام المحكمة أو الهيئة القضائية المختصة بنزاعات العمل، وسنُبلغ جهة إنفاذ قوانين العمل بالأمر.',
    retaliationHeading: 'الحماية من الأعمال الانتقامية',
    retaliation:
      'يحمي القانون {worker} من الفصل ومن أي ضرر آخر بسبب المطالبة بهذه الحقوق. وسيُبلَّغ عن أي معاملة من هذا القبيل، بما في ذلك التهديدات المتعلقة بالعمل أو السكن، إلى السلطات المختصة، وستُضاف إلى الدعوى.',
    reply: 'يُرجى إرسال ردكم إلى {counsellor} ({contact})، مع ذكر مرجعنا {reference}.',
  },

  inspectorateComplaint: {
    title: 'شكوى إلى هيئة تفتيش العمل',
    subject: 'شكوى بشأن {employer}',
    intro:
      'نتقدم باسم {union} بهذه الشكوى نيابةً عن {worker}، بموجب تفويض مؤرخ في {authorisedOn}، بشأن مخالفات لقانون العمل من جانب {employer}.',
    introAnonymous:
      'نتقدم باسم {union} بهذه الشكوى نيابةً عن أحد العاملين لدى {employer}، بموجب تفويض مؤرخ في {authorisedOn}. وحمايةً لهذا العامل من الانتقام، سنزوّد مكتبكم باسمه عند الطلب، شريطة الحفاظ على سريته.',
    complainantHeading: 'مقدّم الشكوى',
    worker: 'العامل',
    workerWithheld: 'حُجب الاسم حمايةً للعامل',
    representedBy: 'الجهة الممثِّلة',
    representedByValue: '{union}، {contactPoint}',
    contact: 'للتواصل',
    contactValue: '{counsellor}، {contact}',
    contactThroughUs: 'يُرجى عدم التواصل مع العامل إلا عن طريقنا.',
    employerHeading: 'صاحب العمل',
    agencyHeading: 'وكالة التوظيف أو مورّد العمالة',
    partyName: 'الاسم',
    partyAddress: 'العنوان',
    partySector: 'القطاع',
    partyRegistration: 'رقم التسجيل',
    workersAffected: 'العمال المتضررون',
    breachesHeading: 'المخالفات',
    breachHeading: '{number}. {title}',
    breachWhen: 'التاريخ',
    breachEvidence: 'الأدلة',
    breachAmount: 'المبلغ المستحق',
    amountsHeading: 'المبالغ المستحقة',
    amountsIntro: 'المبالغ المعروف استحقاقها حتى الآن هي:',
    requestsHeading: 'ما نطلبه',
    requestsIntro: 'نطلب من مكتبكم ما يلي:',
    requestInspection: 'تفتيش أماكن عمل صاحب العمل وسجلاته؛',
    requestRecovery: 'استرداد الأجور وغيرها من المبالغ المستحقة؛',
    requestSanctions: 'فرض العقوبات التي ينص عليها القانون على المخالفات التي تثبت.',
    confidentiality:
      'ونطلب الحفاظ على سرية هوية العامل وعدم الكشف عنها لصاحب العمل دون موافقته، حمايةً له من الانتقام.',
    closing:
      'نرجو منكم الإفادة باستلام هذه الشكوى، وإطلاع {counsellor} ({contact}) على سير معالجتها، مع ذكر مرجعنا {reference}.',
  },

  statementOfInterest: {
    title: 'طلب بيان اهتمام (statement of interest) دعمًا للإجراء المؤجل (deferred action)',
    notice:
      'توقفت إجراءات DHS (وزارة الأمن الداخلي الأمريكية) الخاصة بالإجراء المؤجل لإنفاذ قوانين العمل (deferred action for labor enforcement، DALE) عن قبول طلبات جديدة في عام 2025. لا تستخدم هذا الخطاب إلا للمسائل القائمة أو لإجراء يحل محلها.',
    subject: 'طلب بيان اهتمام (statement of interest) دعمًا للإجراء المؤجل (deferred action): {employer}، الملف رقم {matter}',
    intro:
      'نكتب إليكم باسم {union} بشأن نزاع العمل في موقع عمل {employer} الكائن في {worksite}، وهو موضوع الملف المفتوح لدى هيئتكم برقم {matter}.',
    disputeHeading: 'نزاع العمل',
    witnessesHeading: 'أسباب الحاجة إلى بيان اهتمام',
    witnesses:
      'إن العمال في موقع العمل هذا شهود أو شهود محتملون في تحقيق هيئتكم وفي إجراءاتها لإنفاذ قانون العمل. والخوف من إجراءات إنفاذ قوانين الهجرة، ومن انتقام صاحب العمل بالتهديد بها، يثنيهم عن التقدم والتعاون، ومن ثمّ يعرقل تحقيقكم.',
    requestHeading: 'طلبنا',
    request:
      'نلتمس بكل احترام أن تُصدر هيئتكم بيان اهتمام (statement of interest) دعمًا لمنح الإجراء المؤجل (deferred action) لمدة {period}، لصالح {workersCovered}.',
    workersCoveredDefault: 'العمال الذين عملوا في موقع العمل هذا خلال الفترة التي يشملها تحقيقكم',
    contact: 'يُرجى توجيه أي استفسار بشأن هذا الطلب إلى {counsellor} ({contact})، مع ذكر مرجعنا {reference}.',
    salutation: 'السادة المحترمون،',
    closing: 'وتفضلوا بقبول فائق الاحترام،',
    enclosures: 'المرفقات',
  },

  referral: {
    title: 'إحالة إلى منظمة شريكة',
    subject: 'إحالة من {contactPoint}',
    introNamed: 'نود أن نحيل {person} إلى {partner}.',
    introUnnamed: 'نود أن نحيل إلى {partner} شخصًا نقدّم له الدعم.',
    reasonHeading: 'سبب الإحالة',
    requestHeading: 'ما نطلبه منكم',
    sharedHeading: 'معلومات نشاركها بموافقة صاحبها',
    sharedNone:
      'لا يتضمن هذا الخطاب أي بيانات شخصية. وسننقلها إليكم، بموافقة الشخص المعني، حالما تتمكنون من تقديم المساعدة.',
    consentNamed:
      'حصلنا بتاريخ {consentDate} على موافقة {person} على مشاركة المعلومات الواردة في هذا الخطاب مع {partner}. ولم نشارك إلا ما تقتضيه هذه الإحالة؛ يُرجى عدم نقل هذه المعلومات إلى أي جهة أخرى دون موافقة صاحبها.',
    consentUnnamed:
      'حصلنا بتاريخ {consentDate} على موافقة الشخص المعني على مشاركة المعلومات الواردة في هذا الخطاب مع {partner}. ولم نشارك إلا ما تقتضيه هذه الإحالة؛ يُرجى عدم نقل هذه المعلومات إلى أي جهة أخرى دون موافقة صاحبها.',
    replyBy: 'يُرجى الرد في موعد أقصاه {replyBy} إلى {counsellor} ({contact})، مع ذكر مرجعنا {reference}.',
    reply: 'يُرجى الرد إلى {counsellor} ({contact})، مع ذكر مرجعنا {reference}.',
    fields: {
      name: 'الاسم',
      preferredLanguage: 'اللغة المفضلة',
      interpreterNeeded: 'الحاجة إلى مترجم شفوي',
      contact: 'الهاتف أو تطبيق المراسلة',
      nationality: 'الجنسية',
      gender: 'الجنس',
      dateOfBirth: 'تاريخ الميلاد أو سنته',
      immigrationSituation: 'وضع الهجرة',
      visa: 'التأشيرة',
      unionMembership: 'العضوية النقابية',
      caseTypes: 'المسائل المطروحة',
      sector: 'القطاع',
      caseSummary: 'ملخص القضية',
      employer: 'صاحب العمل',
      employment: 'العمل',
      amountsOwed: 'المبالغ المستحقة',
      openDeadlines: 'المواعيد النهائية القائمة',
    },
  },

  workerSummary: {
    title: 'ملخص قضيتك',
    subject: 'ملخص قضيتك {reference}',
    intro:
      'يلخّص هذا الخطاب قضيتك: موضوعها، وما أُنجز فيها، وما سيحدث بعد ذلك، والتواريخ المهمة. نرجو الاحتفاظ به في مكان آمن.',
    aboutHeading: 'موضوع قضيتك',
    doneHeading: 'ما أُنجز حتى الآن',
    doneItem: '{date}: {text}',
    nextHeading: 'ما سيحدث بعد ذلك',
    nextItem: '{action} (المسؤول: {who})',
    nextItemBy: '{action} (المسؤول: {who}، بحلول {date})',
    deadlinesHeading: 'تواريخ مهمة',
    deadlinesIntro: 'هذه التواريخ مهمة. نرجو إبلاغنا فورًا إذا تغيّر أي شيء.',
    deadlineMissed: 'إذا فات هذا الموعد: {ifMissed}',
    amountsHeading: 'المبالغ التي نطالب بها لك',
    counsellorHeading: 'الشخص المسؤول عن قضيتك',
    counsellor: 'الشخص المسؤول عن قضيتك هو {counsellor} في {contactPoint}. لأي سؤال، يمكنك التواصل عبر:',
    counsellorPhone: 'الهاتف',
    counsellorEmail: 'البريد الإلكتروني',
    counsellorAddress: 'العنوان',
    urgentHeading: 'إذا كنت بحاجة إلى مساعدة عاجلة',
    urgentIntro: 'إذا كنت في خطر أو احتجت إلى مساعدة خارج ساعات عملنا:',
    salutation: 'مرحبًا {name}،',
    caseOpened: 'التقينا بك، واستمعنا إلى ما حدث، وفتحنا قضيتك.',
    sent: {
      letter_before_claim: 'كتبنا إلى صاحب العمل نطلب منه دفع ما يدين لك به.',
      inspectorate_complaint: 'أرسلنا شكوى إلى هيئة تفتيش العمل.',
      statement_of_interest: 'طلبنا من هيئة العمل دعم منح الإجراء المؤجل للعمال.',
      referral: 'أحلناك إلى منظمة شريكة.',
    },
    closing: 'مع أطيب التمنيات،',
  },
};
