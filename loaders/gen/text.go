package gen

// The corpora below are invented. They echo the themes, scripts and
// punctuation of the 2019 Hong Kong release because those are what a loader
// and a full-text index must survive: commas, straight and curly quotes,
// newlines inside a field, emoji sequences with joiners, CJK, Cyrillic and
// right-to-left scripts.

// corpus is a set of texts in one tweet_language.
type corpus struct {
	lang  string
	texts []string
}

const (
	cZH = iota
	cEN
	cAR
	cHE
	cRU
	cJA
	cUND
	nCorpora
)

var originals = [nCorpora]corpus{
	cZH: {"zh", []string{
		"香港是中国的香港，任何外部势力都无权干涉！🇨🇳",
		"暴徒冲击立法会，破坏公物，这就是他们所谓的\"和平示威\"？",
		"支持香港警察严正执法，守护香港的法治。",
		"逃犯条例修订，本来是堵塞法律漏洞。\n为什么有人如此害怕？",
		"某些西方媒体颠倒黑白，歪曲事实，真相只有一个。",
		"香港市民需要的是安宁，不是暴力。👍",
		"早上好！新的一天，愿香港恢复平静 🙏",
		"他們口口聲聲說「自由」，卻在街頭毆打無辜市民。",
		"请大家看清楚，谁在背后策划这一切？",
		"止暴制乱，恢复秩序，是香港当前最紧迫的任务。",
		"一张图看懂：示威活动如何一步步升级\n1. 集会\n2. 堵路\n3. 冲击",
		"那个逃到美国的骗子又在直播撒谎了，大家不要上当。",
		"「港独」分子，你们代表不了七百万香港人！",
		"今天的香港，商铺关门，游客不敢来，谁来负责？",
		"转发让更多人看到，真相不容歪曲！！！",
		"所谓\"民主斗士\"，拿的是谁的钱？,,, 大家心里有数",
		"晚安，香港。明天会更好 🌙✨",
	}},
	cEN: {"en", []string{
		"The \"protesters\" in Hong Kong are not fighting for democracy, they are rioters.",
		"Who funds the violence in HK? Follow the money, folks.",
		"Hong Kong police have shown great restraint. Respect!",
		"Western media won't show you this, but here's what really happened in Hong Kong on July 1st:",
		"They smashed the Legislative Council, vandalised the emblem, and call it \"freedom\"?",
		"Good morning from Hong Kong ☀️ Let's hope for a calm, peaceful day.",
		"Read this, share it, and decide for yourself.\nThe truth will come out.",
		"Violence is violence, whatever flag you wave.",
		"7 million Hongkongers want peace, stability and the rule of law, not chaos.",
		"Thread 1/3: how the \"peaceful\" march turned into a riot, step by step…",
		"Funny how the same \"journalists\" never ask who prints the banners, isn't it?",
		"Breaking: more shops closed in Causeway Bay today, workers can't get home.",
	}},
	cAR: {"ar", []string{
		"هونغ كونغ جزء لا يتجزأ من الصين، ولا يحق لأي جهة أجنبية التدخل.",
		"العنف ليس حرية. نريد السلام في هونغ كونغ 🙏",
		"من يمول أعمال الشغب؟ \"الديمقراطية\" ليست تخريبًا.",
	}},
	cHE: {"iw", []string{
		"הונג קונג צריכה שקט, לא אלימות.",
		"מי עומד מאחורי המהומות? \"חופש\" זה לא זה.",
		"שלום מהונג קונג 🌅 יום רגוע לכולם",
	}},
	cRU: {"ru", []string{
		"Гонконг — это Китай. Хватит вмешиваться во внутренние дела!",
		"Кто оплачивает \"мирные протесты\"? Вопрос риторический.",
		"Доброе утро, друзья! Пусть в Гонконге будет мир 🙏",
	}},
	cJA: {"ja", []string{
		"香港のデモ、暴力はいけません。平和を願っています。",
		"「自由」の名の下に、なぜ街を壊すのか？",
	}},
	cUND: {"und", []string{
		"👍👍👍",
		"🇨🇳🇨🇳🇨🇳 💪",
		"!!!",
		"🙏🙏 ❤️",
		"👩‍👩‍👧‍👦 ❤️ 🇭🇰",
	}},
}

var replies = [nCorpora]corpus{
	cZH:  {"zh", []string{"说得好！", "完全同意 👍", "真相总会大白于天下", "这才是真相，转了", "支持！！！", "讲得太好了，\n必须转发"}},
	cEN:  {"en", []string{"Exactly, well said.", "Totally agree, thanks for sharing!", "This is the truth they don't want you to see.", "100%, \"peaceful\" my foot."}},
	cAR:  {"ar", []string{"صحيح 👍", "كلام في محله"}},
	cHE:  {"iw", []string{"נכון מאוד 👍", "מסכים לגמרי"}},
	cRU:  {"ru", []string{"Полностью согласен 👍", "Точно сказано"}},
	cJA:  {"ja", []string{"その通りです", "拡散希望"}},
	cUND: {"und", []string{"👍", "💯💯", "🙏"}},
}

var quotes = [nCorpora]corpus{
	cZH:  {"zh", []string{"大家看看这个：", "转发让更多人看到 👇", "必看！", "这条说得很清楚，"}},
	cEN:  {"en", []string{"Must read 👇", "This.", "Everyone should see this, retweet!", "Read the whole thread:"}},
	cAR:  {"ar", []string{"اقرأوا هذا 👇"}},
	cHE:  {"iw", []string{"תקראו את זה 👇"}},
	cRU:  {"ru", []string{"Читайте 👇"}},
	cJA:  {"ja", []string{"必読です👇"}},
	cUND: {"und", []string{"👇👇👇"}},
}

// chatter is what bought and automated accounts post between campaign
// bursts to look alive; real releases are full of it.
var chatter = [nCorpora]corpus{
	cZH:  {"zh", []string{"今天天气不错，出去走走 ☀️", "晚安，好梦 🌙", "每日一句：坚持就是胜利。", "周末愉快！", "这家店的奶茶真好喝 🧋"}},
	cEN:  {"en", []string{"Follow me and I'll follow back!", "Happy Friday everyone 🎉", "Coffee first, then the world ☕", "New week, new goals, let's go"}},
	cAR:  {"ar", []string{"صباح الخير ☀️"}},
	cHE:  {"iw", []string{"בוקר טוב ☀️"}},
	cRU:  {"ru", []string{"Хорошего дня всем!"}},
	cJA:  {"ja", []string{"おはようございます☀️"}},
	cUND: {"und", []string{"☀️", "🌙✨"}},
}

var emojis = []string{"🇨🇳", "👍", "😡", "🙏", "❤️", "💪", "😂", "🤦‍♂️", "👇", "🔥"}

// campaignTags are the hashtags everyone in the release uses; planted groups
// get tags of their own so co-hashtag ground truth is not drowned by them.
var campaignTags = []string{
	"香港", "HongKong", "HK", "反送中", "止暴制乱", "支持香港警察", "StandWithHKPolice",
	"HongKongProtests", "守护香港", "逃犯条例", "中国", "China", "香港暴徒", "FreeHK",
	"HongKongRiots", "一国两制",
}

var groupTagStems = []string{
	"香港真相", "HKtruth", "守护家园", "StopHKviolence", "撑警", "SaveHK", "还港安宁",
	"HKfacts", "爱国爱港", "PeaceForHK",
}

var groupDomainStems = []string{
	"hk-truth-daily", "peace-hk-news", "hkfacts", "asia-voice-today", "gba-report",
	"harbour-news", "lionrock-times", "hkcitizen-press",
}

// urlPrefixes are where ordinary links point; each use gets a fresh path so
// that unplanted accounts rarely share one URL by chance.
var urlPrefixes = []string{
	"https://www.youtube.com/watch?v=",
	"https://youtu.be/",
	"https://www.facebook.com/permalink.php?story_fbid=",
	"http://www.wenweipo.com/2019/07/",
	"http://www.takungpao.com/news/",
	"https://news.sina.com.cn/c/",
	"https://www.scmp.com/news/hong-kong/article/",
	"http://www.xinhuanet.com/world/",
	"https://bit.ly/",
	"https://t.me/s/",
	"https://www.bbc.com/news/world-asia-china-",
}

var humanClients = []string{
	"Twitter for Android", "Twitter Web Client", "Twitter for iPhone", "Twitter Web App",
	"Twitter Lite", "TweetDeck", "Twitter for iPad", "Hootsuite Inc.",
}

var automationClients = []string{
	"twittbot.net", "IFTTT", "dlvr.it", "Buffer", "SocialOomph", "Botize", "autopost_hk", "Twuffer",
}

// Profiles.
var locations = []string{
	"California, USA", "Los Angeles, CA", "United States", "USA", "中华人民共和国", "Hong Kong",
	"香港", "Moscow, Russia", "Manhattan, NY", "New York, USA", "London", "台北市", "دبي",
	"תל אביב", "Tokyo, Japan", "MA", "Cicero, IL",
}

var descriptions = []string{
	"本推特只是追蹤新聞和動態，謝謝關注。",
	"热爱生活，热爱祖国 🇨🇳",
	"cool",
	"News, views & more.\nDM for collaboration.",
	"\"Truth is the daughter of time\"",
	"لا إله إلا الله",
	"אוהב/ת חיים, קפה, וים",
	"Люблю путешествовать, читать, жить",
	"摄影，旅行，美食",
	"Exam,Exam How to do",
	"生活不止眼前的苟且，\n还有诗和远方。",
	"🌸🌸🌸",
}

var cjkNameChars = []rune("明华清风夜幕之光梧桐恋珂凯阿狸粑前尘往事牛小偌虹透嗯唧歪卡哇伊皇后旁观渊雨竹月星海云山晓")

var latinFirst = []string{
	"George", "Martin", "Delicia", "Matthew", "Antonio", "Richard", "Angela", "Adriane", "Rossana",
	"Christopher", "Carrie", "Karlis", "Olivia", "Jason", "Linda", "Peter", "Sophia", "Kevin",
}

var latinLast = []string{
	"Venus", "Fisher", "Walker", "Terwilliger", "Lewis", "Hughes", "Moore", "Taylor", "Brooks",
	"Reed", "Turner", "Parker", "Evans", "Collins",
}

var cyrillicNames = []string{
	"Валентина Новикова", "Лена Мухаметзянова", "Евгения Наумова", "Марат Коршунов",
	"Ольга Петрова", "Дмитрий Соколов",
}

var pinyin = []string{
	"wu", "ming", "xia", "li", "shui", "shi", "xin", "wen", "jie", "zhong", "guo", "hua", "long",
	"tian", "yun", "feng", "mei", "xiao", "bao", "an",
}

var externalScreenStems = []string{
	"dailynews", "worldreport", "asiatimes", "globalview", "truthseeker", "newsflash", "hkobserver",
	"chinafocus", "eastwind", "voiceofasia",
}
