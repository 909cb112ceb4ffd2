/**
 * The small amount of language handling this domain needs, shared by indexing and search:
 * tokenising (exam codes kept whole), stop words, synonyms folded to one canonical term, and a light
 * stemmer. Everything here is a plain constant or a pure function.
 */
import { findExam } from '../rules/exams';

/** Exam codes such as SAA-C03, dva c02, MLS-C01, CLF-C02: three or four letters, "c", two digits. */
export const EXAM_CODE = /\b([a-z]{3,4})[-\s]?c0(\d)\b/gi;

export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if of at by for with about to from in into on onto off over under again further then once ' +
    'here there all any both each few more most other some such no nor only own same so than too very ' +
    'can will just should would could shall may might must do does did doing done have has had having ' +
    'i me my mine myself we our ours you your yours he him his she her it its they them their this that these those ' +
    'am is are was were be been being what which who whom whose when why how ' +
    'please hi hello hey thanks thank tell know want need get got getting ' +
    'whats hows wheres whens thats theres im ive id dont doesnt didnt cant wont isnt arent u ur pls plz also still really actually aws amazon ' +
    // Dates are read by rules/dates.ts; as search words they only add noise.
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday ' +
    'today yesterday tomorrow ago st nd rd th am pm ' +
    // Conversational filler of long, chatty questions: it carries no FAQ meaning.
    'like really honestly basically sure pretty just anyway okay ok so well um uh hmm guess wondering wonder ' +
    'something anything everything thing things stuff kind sort lot lots bit little bunch ' +
    'now already yet ever soon recently eventually later earlier currently ' +
    'able allowed possible way ways make made want wants wanted going gonna wanna come came gave give ' +
    'said say says saying heard hear think thought idea ask asking asked tried try trying ' +
    'understand mean means exactly super very much many someone somebody anyone people person ' +
    'one ones guy guys folks stay stays remain remains ' +
    // Words that join a sentence together and carry no subject of their own.
    'until till together out up back whether either etc via per hw wat wen thru midway halfway quick ' +
    'even hes shes theyre youre weve theyve youve ill youll itll lets whos beforehand em lol presumably ' +
    // Formal politeness: "I would be grateful if you could advise...".
    'grateful obliged kindly appreciate appreciated advise clarify clarification inform regarding concerning dear sir madam obtained'
  ).split(' '),
);

/**
 * Words that mark a question as being about something this knowledge base does not cover: AWS services
 * themselves and other certification programs. A question using one is declined unless it also
 * matches an entry strongly on its own words (knowledge/decide.ts).
 */
export const FOREIGN_TERMS: ReadonlySet<string> = new Set(
  (
    's3 ec2 lambda vpc iam rds aurora dynamodb cloudformation cloudwatch cloudfront eks ecs fargate kubernetes k8s ' +
    'route53 sqs sns kinesis redshift glue athena emr bedrock sagemaker elb alb nlb ebs efs ami subnet bucket buckets ' +
    'instance instances cluster clusters terraform docker serverless api gateway cli sdk console billing invoice ' +
    'azure microsoft google gcp cisco ccna ccnp comptia oracle oci redhat rhcsa rhce cka ckad linux vmware salesforce ' +
    'pmp itil scrum isc2 cissp az900 az104 weather rain poem joke recipe football soccer movie ' +
    // Other subjects candidates ask about that this knowledge base does not answer: exam content and
    // format, exam dumps, careers, events, credits, partner programs, exam languages, difficulty.
    'duration syllabus blueprint dumps dump braindump braindumps leaked salary salaries income hire retired retire retiring retirement ' +
    'credits promo apn ' +
    'hard harder hardest difficult difficulty easier easiest tough toughest ' +
    'song music president capital continent continents population stock bitcoin crypto ' +
    // More AWS services and technical words that reach a certification bot in certification-sounding
    // questions ("renew my ACM certificate", "retry failed Step Functions executions").
    'acm ssl tls https x509 kms cognito ses organizations organization executions execution workflow workflows ' +
    'pipeline pipelines deployment deployments stack stacks queue queues lightsail amplify elastic beanstalk ' +
    'rescore rescoring regrade subscription subscriptions euros euro dollars usd eur gbp inr rupees ' +
    'refund refunds refunded reimburse reimbursed reimbursement expense expenses expensed bonus bonuses ' +
    'iot greengrass ecr eventbridge appsync opensearch elasticache neptune documentdb quicksight mfa 2fa root visa visas ' +
    'python javascript typescript golang programming coding password passwords'
  ).split(' '),
);

/**
 * AWS services and products among FOREIGN_TERMS: they are no other subject in a question about when a
 * newly launched service or feature can appear on an exam ("a big Bedrock announcement...").
 */
const AWS_SERVICE_TERMS: ReadonlySet<string> = new Set(
  (
    's3 ec2 lambda vpc iam rds aurora dynamodb cloudformation cloudwatch cloudfront eks ecs fargate route53 sqs sns kinesis ' +
    'redshift glue athena emr bedrock sagemaker elb alb nlb ebs efs acm kms cognito ses lightsail amplify beanstalk serverless console ' +
    'iot greengrass ecr eventbridge appsync opensearch elasticache neptune documentdb quicksight'
  ).split(' '),
);
/** Whether foreign terms (foreignTerms) include an AWS service or product. */
export function namesAwsService(terms: readonly string[]): boolean {
  return terms.some((t) => AWS_SERVICE_TERMS.has(t));
}
const NEW_FEATURE_CONTEXT = /\b(?:new|launch\w*|releas\w*|announc\w*|generally available|general availability|ga|features?|services?)\b/;
const EXAM_CONTEXT = /\b(?:exams?|certs?|certifications?|tested|[a-z]{3,4}-?c0\d)\b/;

/**
 * Phrasings that mark a question about a subject this knowledge base does not cover, even when its
 * words are otherwise ours: exam format (number of questions, exam length, topics covered, pass
 * rates), exam prices, which certification to choose, becoming an instructor, arithmetic. Each found
 * counts as a foreign term (its label, in brackets) and as a word of the question that matched nothing.
 */
export const FOREIGN_PATTERNS: ReadonlyArray<{ readonly label: string; readonly pattern: RegExp; readonly unless?: RegExp }> = [
  { label: '[question-count]', pattern: /\bhow many (?:questions|items)\b|\bnumber of (?:[\w-]+ )?(?:questions|items)\b|\bquestion count\b|\bquestions (?:are|is) (?:on|in)\b/ },
  {
    label: '[exam-length]',
    pattern:
      /\bhow long (?:is|does|will) (?:the |an |a |my |this )?(?:[\w-]+ ){0,4}(?:exam|test|lab)(?: (?:take|last))?(?: (?:to finish|to complete|in (?:minutes|hours)))?\s*(?:[?.!]|$)|\b(?:exam|test) (?:length|duration)\b|\bhow many (?:minutes|hours) (?:is|does|are) (?:the |an |a )?(?:[\w-]+ ){0,3}(?:exam|test)\b|\bin minutes\b/,
  },
  {
    label: '[exam-price]',
    pattern: /\bhow much (?:does|do|is|are|will|would)\b.*\b(?:cost|costs|price|fee)\b|\bhow much (?:is|are) (?:the |an |a |it for )?(?:[\w-]+ ){0,4}(?:exam|test|certification|cert|[a-z]{3,4}-?c0\d)s?\s*(?:[?.!]|$)|\b(?:exam|test|certification|cert) (?:cost|price|fee)s?\b|\b(?:price|cost) of (?:the |an |a )?(?:[\w-]+ ){0,3}(?:exam|test|certification|cert)\b/,
    unless: /\b(?:re-?take|re-?try|resit|re-?schedul\w*|cancel\w*|renew\w*|re-?certif\w*|voucher|discount|beta|again)\b/,
  },
  {
    label: '[exam-topics]',
    pattern: /\b(?:topics|domains|exam guide|content outline|content)\b/,
    unless: /\bmicro[-\s]?cred|\b(?:ga|launch\w*|announc\w*|releas\w*|new (?:features?|services?)|brand[-\s]new|generally available)\b/,
  },
  {
    label: '[study-tips]',
    pattern: /\bhow (?:do|can|should|to) (?:i |you |we )?(?:pass|ace|crack)\b|\b(?:tips|tricks)\b|\bbest way to (?:study|prepare|prep|learn)\b/,
    unless: /\bmicro[-\s]?cred|\bmcs?\b/,
  },
  { label: '[pass-rate]', pattern: /\bpass(?:ing)? (?:rate|percentage)\b|\bhow many (?:people|candidates|students|of us) (?:pass|fail)/ },
  { label: '[id-rules]', pattern: /\bwhat (?:kind of )?(?:id|ids|identification|documents?) (?:do|should|must|is|are)\b/ },
  { label: '[salary]', pattern: /\bhow much (?:do|does|can|will|would) (?:an? )?(?:[\w-]+ ){0,4}(?:earn|make|get paid)\b/ },
  {
    label: '[which-certification]',
    pattern:
      /\b(?:quickest|fastest|easiest|shortest)\b[^.?!]{0,30}\b(?:exams?|certs?|certifications?|ones?)\b(?:[^.?!]{0,20}\bto (?:pass|get|earn))?|\bwhich (?:aws )?(?:certification|cert|exam)s? (?:should|to|do|is|would)\b|\b(?:which|what) order\b|\bwhich (?:one )?(?:first|next)\b|\b(?:best|easiest|first|right) (?:aws )?(?:certification|cert|exam) (?:for|to)\b|\bwhere (?:do|should) i start\b|\bhow (?:do|should) i (?:start|begin) (?:with )?(?:aws|cloud)\b/,
  },
  { label: '[instructor-program]', pattern: /\bbecom\w* an? (?:aws )?(?:authori[sz]ed |certified )?(?:instructor|trainer)\b/ },
  { label: '[arithmetic]', pattern: /\d\s*(?:times|plus|minus|x|\*|\+|divided by|multiplied by)\s*\d/ },
  {
    label: '[id-documents]',
    pattern: /\b(?:what|which) (?:kind of |type of |form of )?(?:ids?|identification|documents?)\b|\b(?:ids?|identification) (?:documents?|cards?|requirements?)\b|\b(?:photo ids?|passport|drivers? licen[cs]e)\b|\b(?:school|student|national|government|work) ids?\b/,
  },
  { label: '[practice-tests]', pattern: /\b(?:practi[cs]e|sample|mock) (?:tests?|exams?|questions?|papers?)\b/, unless: /\bmicro[-\s]?cred|\bmcs?\b/ },
  {
    label: '[voucher-transfer]',
    pattern: /\b(?:give|transfer|share|sell|gift|pass on|hand over)\b[^.?!]{0,30}\bvouchers?\b|\bvouchers?\b[^.?!]{0,30}\b(?:transferable|transfer\w*|to (?:my |a )?(?:friend|colleague|coworker|co-worker)s?)\b|\b(?:buy|purchase)\b[^.?!]{0,20}\bvouchers?\b/,
  },
  {
    label: '[exam-rules]',
    pattern: /\bbreaks? (?:allowed|permitted)\b|\ba break\b|\bopen[-\s]book\b|\b(?:bathroom|toilet|restroom|washroom|loo)\b|\b(?:scratch paper|whiteboard|calculator)\b|\b(?:take|have|get) (?:a )?breaks?\b|\bbreaks? (?:during|in the middle)\b/,
  },
  {
    label: '[exam-languages]',
    pattern: /\b(?:which|what) languages?\b|\b(?:exam|test) languages?\b|\blanguages? (?:is|are|does|do) (?:the |an |a |it )?(?:[\w-]+ ){0,3}(?:exam|test|offered|available)\b|\b(?:offered|available) in (?:other |which |what |different |many )?(?:languages?|japanese|korean|chinese|spanish|portuguese|french|german|italian|arabic|indonesian)\b/,
  },
  {
    label: '[exam-price]',
    pattern: /\b(?:price|cost|fee)s? (?:of|for) (?:an? |the )?[a-z]{3,4}-?c0\d\b|\b(?:cost|costs|price|prices|pricing|fee|fees|charge|charged)\b/,
    unless: /\b(?:re-?take|re-?try|resit|re-?schedul\w*|resched\w*|cance?l\w*|cancle|renew\w*|re-?certif\w*|voucher|discount|beta|again|attempts?|fail\w*|late|lose|forfeit\w*|move|push|slot|appointment|change)\b|\bprice break\b|\b(?:money|anything|something) off\b|\bhalf (?:off|price)\b|\bcheaper\b|\breduc\w*/,
  },
  {
    label: '[pricing]',
    pattern: /\b(?:bulk|pricing|price list|invoice|purchase order)\b|\b(?:group|volume|team|corporate) (?:discount|rate|pricing)s?\b|\bbuy\b[^.?!]{0,40}\b(?:together|in bulk|for (?:the|my|our) (?:whole )?team)\b/,
  },
  {
    label: '[study-material]',
    pattern: /\bstudy (?:guides?|materials?|plans?|resources?|books?)\b|\b(?:textbooks?|books? (?:for|to|on|about)|udemy|youtube|tutorials?|bootcamps?)\b|\b(?:which|what|best|good|recommended) (?:books?|resources?|materials?)\b/,
    unless: /\bmicro[-\s]?cred|\bmcs?\b/,
  },
  { label: '[company-process]', pattern: /\bwho (?:on|in|at) (?:our|my|the) (?:team|company|office|org)\b|\bwho (?:approves|signs off|pays)\b|\bapprov(?:e|es|al) (?:my |the |our )?(?:request|voucher|budget)/ },
  { label: '[academic-credit]', pattern: /\bcontinuing (?:education|professional)\b|\b(?:college|academic|university|course|transfer) credits?\b|\bcredit hours?\b|\bcount (?:toward|towards|as) (?:a |my )?(?:degree|credits?|cpe|cpd|ce)\b|\b(?:cpe|cpd|ceu)s?\b/ },
  { label: '[partner-program]', pattern: /\bpartner (?:network|program|programme|tier|path|central|competenc\w*)\b/ },
  { label: '[certificate-copy]', pattern: /\b(?:printed|print|hard ?copy|paper copy|mailed|post(?:ed)? to me|pdf|frame|framed|diploma)\b/ },
  { label: '[prerequisites]', pattern: /\bprerequisites?\b|\bpre-?reqs?\b|\b(?:need|required?|have) (?:to (?:pass|have|take|hold|do) )?(?:the |an? )?(?:[\w-]+ ){0,2}(?:associate|foundational|practitioner|[a-z]{3}-?c0\d)[^.?!]{0,40}\bbefore\b/ },
  { label: '[booking-limits]', pattern: /\bhow many (?:aws )?(?:exams|tests|certifications|certs|appointments|bookings)\b/, unless: /\b(?:re-?take|retr\w*|fail\w*|attempts?|again)\b/ },
  {
    label: '[career]',
    pattern:
      /\b(?:employers?|companies|recruiters?|managers?) (?:actually |really )?(?:care|value|want|look for|respect)\b|\bworth (?:it|getting|doing|the)\b|\b(?:get|land|find|give|help)(?: me)?(?: to)?(?: get)? (?:a |an |the )?(?:better )?(?:job|role|position|promotion|raise)s?\b|\bjob (?:market|prospects|opportunities|openings|hunting|search|offers?)\b|\bcareer (?:path|advice|prospects|growth|options)\b|\b(?:aws|amazon) (?:jobs|careers)\b|\b(?:is|are) (?:aws|amazon) hiring\b|\bjob openings?\b|\bvacanc\w*|\bwork (?:at|for) (?:aws|amazon)\b|\bpay (?:rise|raise|increase|bump)\b|\bsalary (?:increase|bump|raise)\b|\b(?:visible|noticed|stand out|attract\w*) (?:to |by )?(?:recruiters?|employers?|hiring managers?)\b/,
  },
  {
    label: '[exam-languages]',
    pattern: /\b(?:in|into) (?:simplified |traditional )?(?:japanese|korean|chinese|mandarin|spanish|portuguese|french|german|italian|arabic|indonesian|vietnamese|thai|russian|hindi|turkish|polish|dutch)\b/,
  },
  { label: '[badge-sharing]', pattern: /\blinkedin\b|\b(?:share|post|add|display) (?:my |the |an? )?(?:\w+ )?badges?\b/, unless: /\bmicro[-\s]?cred|\bmcs?\b/ },
  { label: '[exam-format]', pattern: /\bunscored\b|\bsame questions\b|\blab questions?\b|\bnegative marking\b|\bpenalty for (?:wrong|incorrect|guess\w*)\b|\bguess (?:on|the|answers?|everything)\b|\bshould i guess\b|\bwrong answers?\b|\bquestions? i (?:got )?(?:wrong|missed)\b|\bpartial credit\b|\bquestion (?:types?|formats?)\b|\bmultiple (?:choice|response)\b/ },
  {
    label: '[name-change]',
    pattern: /\b(?:change|update|correct|fix) (?:the |my )?(?:legal )?name\b|\bname change\b|\bmarriage\b|\bmarried\b|\bspelling of (?:my |the )?name\b|\bname changed\b|\bwrong name\b|\bname (?:is|was) wrong\b|\bname on (?:the |my )?certificate\b|\bname (?:spelling|is spelt|is spelled|misspelled)\b|\b(?:misspel\w*|typo) (?:in|on) (?:my |the )?name\b/,
  },
  { label: '[exam-conduct]', pattern: /\bdress code\b|\b(?:wear|clothes|clothing|food|snacks?|drinks?|water|earplugs|headphones|glasses|hat)\b|\bbring (?:my |a |an )?(?:phone|watch|bag|notes|laptop|water|food)\b/ },
  { label: '[exam-setup]', pattern: /\b(?:second|two|dual|external|extra) (?:monitors?|screens?|displays?)\b|\bmonitors\b|\bsystem (?:requirements?|test|check)\b|\bheadsets?\b|\bwebcams?\b|\bkeyboards?\b|\bmicrophones?\b/ },
  { label: '[student-discount]', pattern: /\bstudents?\b[^.?!]{0,40}\bdiscount\w*|\bdiscount\w*[^.?!]{0,40}\bstudents?\b|\bacademic (?:discount|pricing|program)\b/ },
  {
    label: '[study-time]',
    pattern: /\bhow (?:many hours|many weeks|many months|long) (?:should|do|will|would|to) (?:i |you |it take to )?(?:need to )?(?:study|prepare|prep)\b|\b(?:hours|weeks|months) of (?:study|studying|prep|preparation)\b|\bstudy (?:hours|time)\b/,
  },
  {
    label: '[catalogue]',
    pattern: /\b(?:which|what) (?:aws )?(?:micro[-\s]?credentials|mcs|exams|certifications|certs) (?:are|is|can be) (?:there|available|offered|out|taken|done)\b|\b(?:list|catalog|catalogue) of (?:all )?(?:the )?(?:aws )?(?:micro[-\s]?credentials|mcs|exams|certifications)\b|\bhow many (?:micro[-\s]?credentials|mcs) (?:are|exist|does aws)\b/,
    unless: /\b(?:my|i|earned|passed|expired?)\b/,
  },
  {
    label: '[events]',
    pattern: /\bre:?\s?invent\b|\bsummits?\b|\bconferences?\b|\bwebinars?\b|\b(?:attend\w*|at|from) (?:an? |the )?(?:aws )?events?\b/,
    // "the stuff announced at re:Invent": the event is where news came from, the question is about the exam.
    unless: /\b(?:announc\w*|launch\w*|releas\w*|new (?:features?|services?))\b/,
  },
  { label: '[support-plan]', pattern: /\b(?:business|enterprise|developer|basic) support\b|\bsupport plans?\b/ },
  {
    label: '[team-admin]',
    pattern: /\bteam admins?\b|\bwhich of (?:my|our) (?:employees|staff|team)\b|\b(?:dashboards?|csv|spreadsheet|export (?:a |the |all )?(?:list|report|data)|manager (?:accounts?|view|portal)|admin (?:console|portal|view)|bulk (?:upload|report))\b|\bcertificates? of (?:attendance|participation)\b|\battendance certificates?\b/,
  },
  {
    label: '[privacy]',
    pattern: /\bwithout my (?:permission|consent|knowledge)\b|\b(?:privacy|gdpr|personal data|delete my data)\b|\b(?:manager|employer|boss|company|hr|colleagues?)\b[^.?!]{0,30}\b(?:see|view|access)\b[^.?!]{0,30}\bscores?\b|\brecord(?:s|ed|ing)?\b[^.?!]{0,20}\b(?:video|me|webcam|session|screen)\b|\brecordings?\b/,
  },
  {
    label: '[disability]',
    pattern: /\b(?:dyslexi\w*|disabilit\w*|disabled|adhd|autism|autistic|wheelchair|blind|deaf|medical (?:condition|reasons?|needs?)|accessibility|separate room)\b/,
  },
  {
    label: '[score-details]',
    pattern: /\bhow (?:is|are) (?:the |my )?(?:scaled )?scores? (?:actually )?(?:calculated|computed|worked out|derived)\b|\bpoints? (?:each|per|for each|a) question\b|\bquestions? (?:is |are )?worth\b|\braw (?:scores?|answers?|points)\b|\b(?:break(?:s)? ?down|breakdown|per[-\s](?:domain|section)|by (?:domain|section)|section scores?|domain scores?|which questions? i (?:got|missed))\b/,
  },
  {
    label: '[exam-timing]',
    pattern: /\btime limit\b|\bhow much time do (?:i|you|we) (?:get|have)\b|\bhow long do (?:i|you|we) (?:get|have) to (?:finish|complete)\b|\bhow many (?:minutes|hours) do (?:i|you|we) (?:get|have)\b/,
    unless: /\b(?:wait|before|after|check[-\s]?in|late|reschedul\w*|cancel\w*|appeal\w*|renew\w*|challeng\w*|disput\w*|contest\w*|invalidat\w*)\b/,
  },
  {
    label: '[multiple-exams]',
    pattern: /\b(?:two|2|several|multiple|different) (?:different )?(?:aws )?(?:exams|tests|certifications)\b(?! (?:accounts?|profiles?))|\bbetween (?:two|2|different) (?:aws )?(?:exams|tests)\b/,
    unless: /\b(?:accounts?|merge|profiles?)\b/,
  },
  {
    label: '[voucher-use]',
    pattern: /\bvouchers?\b[^.?!]{0,40}\b(?:bought|purchased|issued) (?:in|for) (?:another|a different|india|the us|the uk|europe|[a-z]+ country)\b|\b(?:combin\w*|stack\w*)\b[^.?!]{0,30}\b(?:vouchers?|discounts?|promo|coupons?)\b|\b(?:vouchers?|discounts?|coupons?)\b[^.?!]{0,30}\b(?:combin\w*|stack\w*)|\bpromo(?:tion(?:al)?)? codes?\b|\bvouchers?\b[^.?!]{0,40}\b(?:different|another|other|any) (?:exam|test|certification)\b|\b(?:use|apply|redeem)\w* (?:my |the |a )?(?:\w+ )?vouchers? (?:for|on|towards?) (?:a |an )?(?:different|another|other)\b/,
  },
  {
    // Badges for certifications (the facts cover microcredential badges only); a bare "who sends the badge" is not one.
    label: '[exam-badge]',
    pattern: /\b(?:credly|badges?)\b[^.?!]{0,60}\b(?:certifications?|certs?|certified|exams?|[a-z]{3}-?c0\d|associate|professional|practitioner|specialty)\b|\b(?:certifications?|certs?|exams?|[a-z]{3}-?c0\d|associate|professional|practitioner|specialty)\b[^.?!]{0,60}\b(?:credly|badges?)\b/,
    unless: /\bmicro[-\s]?cred|\bmcs?\b|\blabs?\b/,
  },
  { label: '[sign-in]', pattern: /\bbuilder id\b|\bsso\b|\bsingle sign[-\s]on\b|\b(?:log ?in|sign ?in) with (?:google|amazon|github|microsoft)\b/ },
  {
    label: '[exam-versions]',
    pattern: /\bwhen (?:will|is|does) (?:the )?(?:new |next )?(?:[a-z]{3,4}-?c0\d|version|exam version)\b[^.?!]{0,20}\b(?:released|come out|launch\w*|retire\w*|available|out)\b|\bwhen (?:will|is|does) (?:the )?(?:next|new) version\b|\bnext version (?:of )?(?:[\w-]+ )?(?:come out|be released|release|launch)\b|\b(?:come out|be released|retire|retiring)\b[^.?!]{0,20}\b(?:new|next) version\b/,
  },
  {
    label: '[beta-details]',
    pattern: /\bbeta\b[^.?!]{0,60}\b(?:sign up|signup|register|registration|cheaper|price|cost|discount|online|full certification|count|results?|score|opens?|announc\w*)\b|\b(?:find out|know|notified|hear) when (?:a |the )?(?:new )?beta\b|\b(?:sign up|register|cheaper|price|cost|online)\b[^.?!]{0,40}\bbeta\b/,
    unless: /\b(?:again|twice|second|retake|re-?take|more than once|once)\b/,
  },
  { label: '[exam-environment]', pattern: /\b(?:from|in|at) (?:my |the |an? )?(?:office|workplace|cafe|café|library|hotel|car)\b|\bco-?workers? (?:around|nearby|present)\b|\bsomeone (?:else )?in the room\b|\broom (?:requirements?|rules)\b|\b(?:is|are) (?:the |a )?(?:[\w-]+ ){0,3}(?:proctored|supervised)\b|\blook (?:things|stuff|answers) up\b|\bwatched by\b|\blive proctors?\b|\b(?:open|use|access|look at|consult) (?:the )?(?:aws )?(?:documentation|docs|internet|google|notes)\b/ },
  {
    label: '[delivery-change]',
    pattern: /\b(?:switch|change|move|convert)\w*\b[^.?!]{0,40}\b(?:test cent(?:er|re)|in[-\s]person)\b[^.?!]{0,20}\bto (?:an? )?online\b|\b(?:switch|change|move|convert)\w*\b[^.?!]{0,40}\bonline\b[^.?!]{0,20}\bto (?:an? |the )?(?:test cent(?:er|re)|in[-\s]person)\b/,
  },
  { label: '[mc-delivery]', pattern: /\b(?:take|do|sit)\b[^.?!]{0,10}\b(?:a |an |the |my )?micro[-\s]?cred\w*[^.?!]{0,15}\b(?:at|in) (?:a |the )?(?:pearson|test cent)/ },
  { label: '[appeal-duration]', pattern: /\bhow long (?:does|will|do|would) (?:it|they|customer service|aws|support|the review)\b[^.?!]{0,30}\b(?:take|need)\b[^.?!]{0,30}\b(?:decide|decision|review|respond|reply|answer)/ },
  { label: '[booking-others]', pattern: /\bfor someone else\b|\bon (?:their|his|her) behalf\b|\bbook (?:an? |the )?exams? for (?:my |a )?(?:friend|colleague|coworker|employee|team ?mate|brother|sister|wife|husband)\b/, unless: /\b(?:teen\w*|child|son|daughter|kid|minor|parent|guardian)\b/ },
  { label: '[ownership]', pattern: /\bleave (?:my |the |this )?(?:company|job|employer)\b|\bstays? with (?:me|the (?:employer|company))\b|\bwho owns (?:my |the )?cert/ },
  { label: '[site-status]', pattern: /\bis (?:\w+ ){0,2}down\b|\boutages?\b/ },
  { label: '[exam-nda]', pattern: /\bnda\b|\bnon-?disclosure\b|\b(?:discuss|share|post|talk about)\w*\b[^.?!]{0,30}\bexam questions?\b|\breddit\b|\bdiscord\b/ },
  {
    label: '[booking-window]',
    pattern: /\bhow (?:far (?:in )?(?:advance|ahead)|early|far out|many (?:days|weeks|months) (?:in )?(?:advance|ahead)) can (?:i|you|we) (?:book|schedule|register)\b/,
    unless: /\b(?:cancel\w*|reschedul\w*|move|arriv\w*|check[-\s]?in|log ?in)\b/,
  },
  {
    label: '[which-certification]',
    pattern: /\bdifferen\w* between\b[^.?!]{0,60}\b(?:certifications?|exams?|associate|professional|sysops|cloudops|devops|[a-z]{3}-?c0\d)\b/,
    unless: /\bmicro[-\s]?cred|\bmcs?\b/,
  },
  { label: '[payment]', pattern: /\bpayment (?:methods?|options?)\b|\bpay (?:with|by|using) (?:a )?(?:credit|debit|paypal|card|cash|bank)\b|\bcredit cards?\b|\bpaypal\b/ },
  { label: '[account-details]', pattern: /\b(?:change|update|edit|reset) (?:the |my )?(?:e-?mail|email address|password|username|user name|phone number|mailing address)\b/ },
  { label: '[exam-location]', pattern: /\b(?:different|another|other|foreign) country\b|\babroad\b|\boverseas\b/ },
  { label: '[skill-builder-price]', pattern: /\bis (?:aws )?skill ?builder (?:free|paid)\b|\bskill ?builder (?:subscription|cost|price|pricing)\b/ },
  {
    label: '[recert-paths]',
    pattern: /\bcounts? (?:toward|towards|for) (?:re-?certif\w*|renew\w*)|\balso (?:renew|recertif|extend)\w*|\b(?:automatically|auto)[-\s]?(?:renew|recertif|extend)\w*|\b(?:re-?certif\w*|renew\w*)\b[^.?!]{0,40}\bby (?:passing|taking|doing) (?:the |a |an )?(?:higher|professional|pro|another|different|other)\b/,
  },
  { label: '[mc-score]', pattern: /\b(?:pass(?:ing)? (?:score|mark)|score (?:do i|you) need|score (?:needed|required))\b[^.?!]{0,40}\bmicro[-\s]?cred\w*|\bmicro[-\s]?cred\w*[^.?!]{0,40}\b(?:pass(?:ing)? (?:score|mark)|score (?:do i|you) need|score (?:needed|required))/ },
];

/**
 * Other certification programs: a question naming one (and not AWS) is about that program, however
 * much of it matches an entry ("how do I renew my Azure Administrator certification?").
 */
export const OTHER_PROGRAMS: ReadonlySet<string> = new Set(
  (
    'azure microsoft google gcp cisco ccna ccnp ccie comptia oracle oci redhat rhcsa rhce cka ckad cncf kubernetes vmware ' +
    'salesforce pmp pmi itil scrum isc2 cissp az900 az104 az204 az305 az databricks snowflake hashicorp alibaba ibm'
  ).split(' '),
);

/** Whether a text is about another certification program: it names one and never names AWS. */
export function namesOtherProgram(text: string): boolean {
  const tokens = tokenize(text);
  const other = tokens.some((t) => OTHER_PROGRAMS.has(t)) || /\b(?:security|network|a|linux|cloud|server|data|project)\+/i.test(text);
  return other && !tokens.some((t) => t === 'aws' || t === 'amazon' || EXAM_CODE_TERM.test(t));
}

/**
 * Synonyms: each word on the left is indexed and searched as the term(s) on the right. Keep the two
 * families apart: nothing here maps a microcredential word onto a certification word or back.
 */
export const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  cert: ['certification'], certs: ['certification'], certificate: ['certification'], certificates: ['certification'],
  certified: ['certification'], certifications: ['certification'], certification: ['certification'],
  retake: ['retake'], retakes: ['retake'], retaking: ['retake'], retry: ['retake'], retrying: ['retake'], retries: ['retake'],
  resit: ['retake'], resitting: ['retake'], reattempt: ['retake'], rewrite: ['retake'], redo: ['retake'],
  esl: ['english', 'accommodation'],
  microcredential: ['microcredential'], microcredentials: ['microcredential'], microcred: ['microcredential'],
  microcreds: ['microcredential'], mc: ['microcredential'], mcs: ['microcredential'], microcert: ['microcredential'],
  ml: ['ml', 'machine', 'learning'], ai: ['ai', 'artificial', 'intelligence'], genai: ['generative', 'ai'],
  fail: ['fail'], failed: ['fail'], failing: ['fail'], fails: ['fail'], failure: ['fail'], flunk: ['fail'], flunked: ['fail'],
  pass: ['pass'], passed: ['pass'], passing: ['pass'], passes: ['pass'],
  expire: ['expire'], expires: ['expire'], expired: ['expire', 'lapsed'], expiry: ['expire'], expiration: ['expire'], expiring: ['expire'],
  lapse: ['expire'], lapsed: ['expire', 'lapsed'],
  valid: ['valid'], validity: ['valid'], last: ['last', 'valid'], lasts: ['valid'],
  renew: ['renew'], renewal: ['renew'], renewing: ['renew'], renewed: ['renew'], recertify: ['recertify', 'renew'],
  recertification: ['recertify', 'renew'], recert: ['recertify', 'renew'], recertifying: ['recertify', 'renew'],
  score: ['score'], scores: ['score'], scoring: ['score'], scored: ['score'], mark: ['score'], marks: ['score'], grade: ['score'],
  result: ['result'], results: ['result'], outcome: ['result'], transcript: ['result'],
  reschedule: ['reschedule'], rescheduling: ['reschedule'], postpone: ['reschedule'],
  cancel: ['cancel'], cancellation: ['cancel'], canceling: ['cancel'], cancelling: ['cancel'], cancelled: ['cancel'],
  centre: ['center'], centres: ['center'], centers: ['center'],
  teen: ['teen'], teens: ['teen'], teenager: ['teen'], teenage: ['teen'], minor: ['teen'], minors: ['teen'],
  kid: ['teen'], kids: ['teen'], child: ['teen'], children: ['teen'], son: ['teen'], daughter: ['teen'], underage: ['teen'],
  parent: ['guardian'], parents: ['guardian'], guardian: ['guardian'], mom: ['guardian'], dad: ['guardian'], mother: ['guardian'], father: ['guardian'],
  voucher: ['voucher'], vouchers: ['voucher'], coupon: ['voucher'],
  discount: ['discount'], discounts: ['discount'],
  badge: ['badge'], badges: ['badge'], credly: ['credly', 'badge'],
  verify: ['verify'], verification: ['verify'], verifying: ['verify'], validation: ['verify'],
  appeal: ['appeal'], appeals: ['appeal'], dispute: ['appeal'], invalidated: ['invalidate'], revoked: ['invalidate'],
  merge: ['merge'], merging: ['merge'], combine: ['merge'], consolidate: ['merge'], duplicate: ['merge'], duplicates: ['merge'],
  // "check-in" (online exams) is its own term, apart from "check" (verify a certification, find a result).
  checkin: ['checkin'], proctored: ['online'], proctor: ['online'], remote: ['online'],
  took: ['take'], taken: ['take'], taking: ['take'], sat: ['take'], sit: ['take'], sitting: ['take'],
  proof: ['verify'], prove: ['verify'], confirm: ['verify'], legit: ['verify'], genuine: ['verify'],
  cooldown: ['wait'], waiting: ['wait'], wait: ['wait'],
  retest: ['retake'], retesting: ['retake'], reexam: ['retake'],
  unify: ['merge'], join: ['merge'],
  profile: ['account'], profiles: ['account'], login: ['account', 'login'], logins: ['account', 'login'],
  permission: ['consent'], consent: ['consent'], approval: ['consent'],
  area: ['near'], nearby: ['near'], near: ['near'], closest: ['near', 'nearest'], nearest: ['near', 'nearest'], local: ['near'],
  include: ['appear'], included: ['appear'], includes: ['appear'], tested: ['appear'], appear: ['appear'], appears: ['appear'],
  setup: ['create'], create: ['create'], creating: ['create'], created: ['create'], register: ['create'], registering: ['create'],
  registration: ['create'], signup: ['create'],
  credential: ['certification'], credentials: ['certification'], active: ['valid'],
  share: ['verify'], lookup: ['verify'], recruiter: ['employer'], recruiters: ['employer'], hiring: ['employer'], employer: ['employer'],
  employers: ['employer'], investigation: ['review'], audit: ['review'],
  completed: ['earn'], complete: ['earn'], achieved: ['earn'], obtained: ['earn'], earned: ['earn'],
  purpose: ['about'], point: ['about'], vs: ['difference'], versus: ['difference'], compared: ['difference'], different: ['difference'],
  error: ['problem'], errors: ['problem'], bug: ['problem'], glitch: ['problem'], broken: ['problem'], broke: ['problem'], issue: ['problem'],
  issues: ['problem'], trouble: ['problem'], problem: ['problem'], problems: ['problem'],
  release: ['launch'], released: ['launch'], releases: ['launch'], launch: ['launch'], launched: ['launch'], launches: ['launch'],
  announced: ['launch'], announce: ['launch'], announces: ['launch'], ga: ['launch', 'ga'],
  site: ['location'], sites: ['location'], venue: ['location'], venues: ['location'], location: ['location'], locations: ['location'],
  delay: ['long'], delayed: ['long'], timeline: ['long'], timeframe: ['long'],
  min: ['minimum'], minimum: ['minimum'], max: ['limit'], maximum: ['limit'], limit: ['limit'], limits: ['limit'],
  resched: ['reschedule'], appt: ['appointment'], appts: ['appointment'], hr: ['employer'], validate: ['verify'], validated: ['verify'],
  dev: ['developer'], pvue: ['pearson', 'vue'], locator: ['find', 'near'], lifespan: ['valid'], lifetime: ['valid'], shelf: ['valid'],
  stale: ['expire'], refresh: ['renew'], fight: ['appeal'], contest: ['appeal'], voided: ['invalidate'], void: ['invalidate'], annulled: ['invalidate'],
  bombed: ['fail'], bomb: ['fail'], bombing: ['fail'],
  // Chat shorthand and bare exam short names ("SAA renewal how", "kid wants CLF").
  exp: ['expire'], yrs: ['year'], yr: ['year'], sb: ['skill', 'builder'], ready: ['prepare'], prep: ['prepare'], prepping: ['prepare'],
  saa: ['exam'], clf: ['exam'], ccp: ['exam'], dva: ['exam'], soa: ['exam'], dop: ['exam'], scs: ['exam'], dea: ['exam'], mla: ['exam'],
  mls: ['exam'], aif: ['exam'], aip: ['exam'],
  slot: ['appointment'], slots: ['appointment'], booking: ['appointment'], ahead: ['early'],
  talk: ['contact'], reach: ['contact'], raise: ['contact'],
  linkedin: ['badge'], picture: ['badge'], image: ['badge'], icon: ['badge'], logo: ['badge'], emblem: ['badge'],
  additional: ['extra'], reduction: ['discount'], reduced: ['discount'],
  repeat: ['retake'], repeating: ['retake'], redoing: ['retake'],
  squash: ['merge'], current: ['valid'], toast: ['expire'], poof: ['expire'], kaput: ['expire'], freezing: ['freeze'],
  cutoff: ['pass', 'score'], threshold: ['pass', 'score'], benchmark: ['pass', 'score'],
  write: ['take'], wrote: ['take'], written: ['take'], writing: ['take'],
  froze: ['freeze'], frozen: ['freeze'], freezes: ['freeze'], crash: ['crash'], crashed: ['crash'], crashes: ['crash'],
};

/** Splits text into raw lower-case tokens; exam codes become one token ("saa-c03" -> "saac03"). */
export function tokenize(text: string): string[] {
  const lowered = text
    .toLowerCase()
    .replace(EXAM_CODE, (_m, letters: string, digit: string) => ` ${letters.toLowerCase()}c0${digit} `)
    .replace(/\broute[-\s]?53\b/g, 'route53')
    .replace(/micro[-\s]credential/g, 'microcredential')
    .replace(/\bre[-\s](take|try|sit|attempt|certif\w*|schedule|score|grade|mark)/g, 're$1')
    .replace(/\bcheck(?:ing|ed)?[-\s]in\b/g, 'checkin')
    // "didn't pass" is a failure, not a pass.
    .replace(/\b(?:didn[’']?t|did not|do not|don[’']?t|haven[’']?t|hasn[’']?t|have not|has not|not|never|failed to|couldn[’']?t|could not) pass(?:ed)?\b/g, 'fail')
    .replace(/\b(\d+)\s*(?:yo|yrs?|y\/o)\b/g, '$1 year old')
    .replace(/\b(?:i[’']?m|i am|aged?|is|turning) 1[0-7]\b|\b1[0-7][-\s]years?[-\s]old\b/g, '$& teen')
    .replace(/\b(?:set(?:ting)?|sign(?:ing)?)[-\s]up\b/g, 'setup')
    .replace(/\b(?:runs?|running) out\b(?! of)/g, 'expire')
    // Past tense ("it expired", "it ran out") is a question about what now (renewal), more than about when.
    .replace(/\bran out\b(?! of)/g, 'lapsed')
    .replace(/\bb4\b/g, 'before')
    .replace(/\bhands[-\s]on\b/g, 'experience')
    .replace(/\b(?:push|move|shift)(?:ing|ed)? (?:it |my (?:exam|slot|appointment|booking|date) |the (?:exam|date) )?back\b|\bmov(?:e|ing) (?:it|my (?:exam|slot|appointment|booking|test)) to\b/g, 'reschedule')
    .replace(/\bparental leave\b/g, 'leave')
    .replace(/\b(?:price break|(?:money|anything|something|percent|%) off|half (?:off|price)|cheaper|costs? less)\b/g, 'discount')
    .replace(/\b(?:didn[’']?t|did not|haven[’']?t|hasn[’']?t|have not|has not|not|never) (?:clear(?:ed)?|succe\w*)\b|\bunsuccessful\b|\bmissed (?:the )?(?:[\w-]+ ){0,3}pass(?:ing)? (?:mark|score)\b/g, 'fail')
    .replace(/\bcall(?:ed|ing)? off\b/g, 'cancel')
    .replace(/\b(?:get|be) there\b|\b(?:show|turn)(?:ing)? up\b/g, 'arrive')
    .replace(/\bin force\b/g, 'valid')
    .replace(/\bcleared\b/g, 'passed')
    .replace(/\btim(?:ing|ed|es) out\b/g, 'problem')
    .replace(/\bcut[-\s]off\b/g, 'cutoff')
    // "I got 731", "scored a 702": a number on the 100-1,000 scale is a score.
    .replace(/\b(?:got|scored|score of|with|only|just)(?: an?)? (?:[1-9]\d{2}|1000)\b(?![:.]\d)(?!\s*(?:am|pm|days?|minutes?|mins?|hours?|euros?|dollars?|usd)\b)/g, '$& score')
    // Intents that lie in how words combine, marked with a term of their own (in the knowledge base too,
    // since it is tokenised the same way): taking an exam again after passing it, getting a lapsed
    // credential back, who a microcredential is for, what one is.
    .replace(/\bpass(?:ed)?\b[^.?!\n]{0,80}?\b(?:again|redo|retake|resit|repeat|one more time|once more|second time)\b|\b(?:again|redo|retake|resit|repeat|once more|one more time)\b[^.?!\n]{0,40}?\b(?:already |i )?(?:passed|after passing)\b/g, '$& passedagain')
    .replace(/\b(?:restore|reinstate|reactivate|revive|revalidat|prolong)\w*/g, ' renew ')
    .replace(/\bget (?:it|them|this|that|my \w+) back\b|\bkeep (?:it|them|this|that|my \w+) (?:alive|active|valid|current|going)\b/g, '$& renew')
    .replace(/\b(?:aimed at|meant for|designed for|intended for|targeted at|suited for|for whom|who (?:is|are) (?:it|they|this|these) for|who should (?:take|do|try|go for))\b/g, ' audience ')
    .replace(/\bwhat(?:[’']?s| is| are| r)(?: exactly| actually)? (?:an? |the |these |those |this )?(?:aws )?(?:micro[-\s]?cred\w*|mcs?)\b/g, '$& definition')
    .replace(/\bwhat (?:sets|makes|separates|distinguishes) (?:an? |the )?(?:aws )?(?:micro[-\s]?cred\w*|mcs?)\b(?: \w+)? (?:apart|different)\b|\bdifferen\w* between (?:an? |the )?(?:aws )?(?:micro[-\s]?cred\w*|mcs?) and\b|\bhow (?:is|are|does|do) (?:an? |the )?(?:aws )?(?:micro[-\s]?cred\w*|mcs?) (?:differ|different)\b/g, '$& definition')
    .replace(/\blook(?:ing)?[-\s]up\b/g, 'lookup')
    .replace(/\b(?:second|another|next|new) (?:attempt|try|go|shot)\b|\btry (?:it )?again\b|\bdo (?:it|this|that) over\b|\bgo again\b|\b(?:give|write|sit|take|do) (?:it|the (?:exam|test)) again\b/g, 'retake')
    .replace(/[’']/g, '');
  return lowered.split(/[^a-z0-9%]+/).filter((t) => t.length > 0);
}

/** An exam code as a token or index term ("saac03"), and the term that stands for any exam code in phrasings. */
export const EXAM_CODE_TERM = /^[a-z]{3,4}c0\d$/;
export const ANY_EXAM_CODE = '#code';


/** A light suffix stemmer: enough to meet "exams"/"exam", "scheduled"/"schedule", "accounts"/"account". */
export function stem(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/**
 * Turns one token into the index terms it stands for (none for a stop word). Used by MiniSearch both
 * when indexing and when searching.
 */
export function processTerm(token: string): string[] {
  const t = token.toLowerCase();
  if (STOP_WORDS.has(t)) return [];
  if (EXAM_CODE_TERM.test(t)) return ['exam', t];
  const syn = SYNONYMS[t];
  // The word's own stem is kept beside its synonyms, so a typo of it still meets it by fuzzy matching.
  if (syn) return [...new Set([...syn.map(stem), stem(t)])];
  if (t.length === 1 && !/\d/.test(t)) return [];
  return [stem(t)];
}

export interface ContentToken {
  readonly token: string;
  readonly terms: string[];
  /** Numbers ("14", "2026", "03") weigh in the score but not in the coverage of a hit. */
  readonly numeric: boolean;
}

/** The content tokens of a text (after stop words), each with the terms it expands to. */
export function contentTokens(text: string): ContentToken[] {
  const out: ContentToken[] = [];
  for (const token of tokenize(text)) {
    const terms = processTerm(token);
    if (terms.length) out.push({ token, terms, numeric: /^\d+(?:st|nd|rd|th)?$/.test(token) });
  }
  return out;
}

/** The foreign terms (see FOREIGN_TERMS) a text uses, and the labels of the FOREIGN_PATTERNS it matches. */
export function foreignTerms(text: string): string[] {
  const lowered = text.toLowerCase().replace(/[’']/g, '');
  // A subject counts once, however many of its patterns match.
  const labels = [...new Set(FOREIGN_PATTERNS.filter((p) => p.pattern.test(lowered) && !(p.unless?.test(lowered) ?? false)).map((p) => p.label))];
  const newOnExam = NEW_FEATURE_CONTEXT.test(lowered) && EXAM_CONTEXT.test(lowered);
  return [...tokenize(text).filter((t) => FOREIGN_TERMS.has(t) && !(newOnExam && AWS_SERVICE_TERMS.has(t))), ...labels];
}

/** Which family of credential a text is about, from its words; both or neither -> undefined. */
export function familyOf(text: string): 'microcredential' | 'exam' | undefined {
  const terms = new Set(contentTokens(text).flatMap((t) => t.terms));
  const mc = terms.has('microcredential');
  // An exam named by its name ("the DevOps pro", "Cloud Practitioner") is an exam too.
  const exam = terms.has('exam') || terms.has('certification') || terms.has('recertify') || findExam(text) !== undefined;
  if (mc && !exam) return 'microcredential';
  if (exam && !mc) return 'exam';
  return undefined;
}

const QUESTION_START =
  /^(?:what|whats|when|where|who|which|why|how|can|could|is|are|am|do|does|did|should|may|might|will|would|shall|have|has|any|kindly|please|pls|tell me|so (?:what|when|how|can|is|do)|any idea)\b/i;

/** What questionFocus appends when the question sentences do not name the message's credential family. */
const FAMILY_HINT = { microcredential: ' (microcredential)', exam: ' (exam)' } as const;

/** A question focus without the family questionFocus appended to it: the user's own words. */
export function withoutFamilyHint(focus: string): string {
  for (const hint of Object.values(FAMILY_HINT)) if (focus.endsWith(hint)) return focus.slice(0, -hint.length);
  return focus;
}

/**
 * The question a long, chatty message asks, without the story around it: its sentences that end with
 * "?" or start like a question ("How do I...", "Kindly tell me..."), plus the credential family the
 * whole message is about when those sentences do not say it ("Is it gone forever?" after "My
 * microcredential expired..."). Undefined when the message is a single sentence or has no such part.
 */
export function questionFocus(text: string): string | undefined {
  const sentences = text
    .split(/(?<=[.?!])\s+|\n+/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
  if (sentences.length < 2) return undefined;
  const isAsked = (x: string) => x.endsWith('?') || QUESTION_START.test(x);
  // A question that says nothing of its own ("How do I do that?", "Is that possible?") asks about the
  // sentence before it, which joins the focus.
  const asked = sentences.filter((x, i) => isAsked(x) || (i + 1 < sentences.length && isAsked(sentences[i + 1]!) && contentTokens(sentences[i + 1]!).filter((t) => !t.numeric).length === 0));
  if (asked.length === 0 || asked.length === sentences.length) return undefined;
  let focus = asked.join(' ');
  const family = familyOf(text);
  if (family !== undefined && familyOf(focus) === undefined) focus += family === 'microcredential' ? FAMILY_HINT.microcredential : FAMILY_HINT.exam;
  return focus;
}

/** Where one asked thing ends and another begins inside a sentence: ", also ...", "... and how hard is it". */
const CLAUSE_BREAK =
  /\s*(?:;|,?\s*\b(?:and also|also|plus|and|but)\b,?)\s+(?=(?:how|what|whats|when|where|who|which|why|is|are|does|do|can|could|will|would|should|am|did|any)\b(?![’']))|,\s*also\b,?\s*/i;

/**
 * The things one sentence asks, when it asks more than one ("how long do I wait to resit, and also is
 * the exam worth it for a junior dev job?"): its clauses joined by "and", "also" or a semicolon before
 * a new question. Undefined for a message that asks one thing.
 */
export function askedClauses(text: string): string[] | undefined {
  // One sentence only: in a longer message the story's "and ..." is no second question.
  if (text.trim().split(/(?<=[.?!])\s+(?=\S)/).length > 1) return undefined;
  const parts = text
    .split(CLAUSE_BREAK)
    .map((x) => x.trim())
    .filter((x) => /[a-z]/i.test(x));
  return parts.length >= 2 ? parts : undefined;
}
