"""The demo training modules, in English and Swedish, written from the seeds in shared/."""

MODULES = [
    {
        "key": "misuse",
        "is_quiz": True,
        "audience": "everyone",
        "estimated_minutes": 15,
        "content_warning": True,
        "pass_mark": 80,
        "draw_count": 5,
        "validity_months": 12,
        "refresher_days": 30,
        "grace_days": 30,
        "texts": {
            "en": {
                "title": "Our services and the sexual exploitation of children",
                "summary": (
                    "How mobile, internet and payment services can be misused to exploit "
                    "children, what our zero-tolerance policy asks of every employee, and "
                    "where to turn for help."
                ),
                "content": (
                    "This module is about a hard subject: the sexual exploitation of "
                    "children, and how our services can be misused for it. It contains no "
                    "images and no descriptions of abuse. If it brings up difficult "
                    "feelings, take a break and talk to someone you trust.\n"
                    "\n"
                    "## Why this concerns a telecom company\n"
                    "\n"
                    "A large part of the sexual exploitation of children, including the "
                    "trade in children for sexual purposes, takes place online. Any service "
                    "that lets people connect, store, share or pay can be misused. As a "
                    "telecom company, we therefore have a real responsibility: to make sure "
                    "that our services and products are not used to harm children.\n"
                    "\n"
                    "## How services can be misused\n"
                    "\n"
                    "Offenders rarely need anything special. They use the same everyday "
                    "services as everyone else, for example:\n"
                    "\n"
                    "- **Mobile subscriptions and data** to get in touch with children or to "
                    "reach material online.\n"
                    "- **Prepaid SIM cards** to hide who they are.\n"
                    "- **Messaging and social apps** to win a child's trust in order to "
                    "exploit them (grooming), or to share material with others.\n"
                    "- **Cloud storage and hosting** to store and spread child sexual abuse "
                    "material.\n"
                    "- **Payment services** to pay for, or profit from, exploitation.\n"
                    "\n"
                    "This is not about suspecting our customers: almost all of them use our "
                    "services for good reasons. It is about recognising the risk, and "
                    "knowing what to do when something is wrong.\n"
                    "\n"
                    "## Our policy: zero tolerance\n"
                    "\n"
                    "We do not accept that our services contribute to the commercial sexual "
                    "exploitation of children, in any form. Our policy against it applies to "
                    "every employee in every country. In practice, we:\n"
                    "\n"
                    "- block access to known child sexual abuse material together with the "
                    "police\n"
                    "- train everyone, so that our services and products are not misused\n"
                    "- work with organisations that have expert knowledge, such as ECPAT.\n"
                    "\n"
                    "## What every employee must do\n"
                    "\n"
                    "If you come across child sexual abuse material, or suspect that a child "
                    "is being exploited:\n"
                    "\n"
                    "- **Report it internally** to your manager or the security team, "
                    "through the company's usual route.\n"
                    "- **Report it externally** to the national hotline (in Sweden, ECPAT "
                    "Hotline) or to the police. If a child is in immediate danger, call 112.\n"
                    "- **Never investigate on your own.** Do not search for more, and do not "
                    "save, forward or show the material to anyone. That is the job of the "
                    "police, and doing it yourself can be a crime.\n"
                    "\n"
                    'The module "How to report" goes through the steps in detail.\n'
                    "\n"
                    "## The ECPAT Team\n"
                    "\n"
                    "Our ECPAT Team is a network of ambassadors in our local offices. They "
                    "spread knowledge inside the company, hold workshops and help colleagues "
                    "find the right way to report. They do not investigate cases. If you are "
                    "unsure about anything, ask your office's ambassador.\n"
                    "\n"
                    "## The wider picture\n"
                    "\n"
                    "We are not alone in this work. ECPAT Sweden and Telenor Sweden won "
                    "FRII's award Corporate partnership of the year 2013 for their joint "
                    "work against the trade in children for sexual purposes. Since 2014, "
                    "UNICEF and the mobile operator Millicom have worked on the Children's "
                    "Rights and Business Principles in the telecom sector. One result is the "
                    "Mobile Operators Child Rights Impact Assessment Tool (MO-CRIA), which "
                    "helps operators see how and where they affect children, and how to "
                    "protect and strengthen children's rights.\n"
                    "\n"
                    "## When customers ask\n"
                    "\n"
                    "Parents and teachers often ask us how to keep children safe online. "
                    "Take their questions seriously and share the company's safety advice "
                    "and settings. If they suspect that a child is being harmed, point them "
                    "to the police or the national hotline. Never offer to check a child's "
                    "phone or traffic yourself.\n"
                ),
            },
            "sv": {
                "title": "Våra tjänster och sexuell exploatering av barn",
                "summary": (
                    "Hur mobil-, internet- och betaltjänster kan missbrukas för att utnyttja "
                    "barn, vad vår policy om nolltolerans kräver av varje medarbetare och "
                    "vart du vänder dig för hjälp."
                ),
                "content": (
                    "Den här modulen handlar om ett svårt ämne: sexuell exploatering av "
                    "barn, och hur våra tjänster kan missbrukas för det. Den innehåller inga "
                    "bilder och inga beskrivningar av övergrepp. Om den väcker jobbiga "
                    "känslor, ta en paus och prata med någon du litar på.\n"
                    "\n"
                    "## Varför det här berör ett telekombolag\n"
                    "\n"
                    "En stor del av den sexuella exploateringen av barn, inklusive handeln "
                    "med barn för sexuella ändamål, sker på nätet. Alla tjänster som låter "
                    "människor kommunicera, lagra, dela eller betala kan missbrukas. Därför "
                    "har vi som telekombolag ett verkligt ansvar: att se till att våra "
                    "tjänster och produkter inte används för att skada barn.\n"
                    "\n"
                    "## Så kan tjänsterna missbrukas\n"
                    "\n"
                    "Förövare behöver sällan något särskilt. De använder samma vardagliga "
                    "tjänster som alla andra, till exempel:\n"
                    "\n"
                    "- **Mobilabonnemang och data** för att komma i kontakt med barn eller "
                    "nå material på nätet.\n"
                    "- **Kontantkort** för att dölja vilka de är.\n"
                    "- **Meddelandetjänster och sociala appar** för att vinna ett barns "
                    "förtroende i syfte att utnyttja det (grooming), eller för att dela "
                    "material med andra.\n"
                    "- **Molnlagring och webbhotell** för att lagra och sprida material som "
                    "visar sexuella övergrepp mot barn.\n"
                    "- **Betaltjänster** för att betala för, eller tjäna pengar på, "
                    "exploateringen.\n"
                    "\n"
                    "Det handlar inte om att misstänka våra kunder: nästan alla använder "
                    "våra tjänster av goda skäl. Det handlar om att känna till risken och "
                    "veta vad du ska göra när något inte står rätt till.\n"
                    "\n"
                    "## Vår policy: nolltolerans\n"
                    "\n"
                    "Vi accepterar inte att våra tjänster bidrar till kommersiell sexuell "
                    "exploatering av barn, i någon form. Vår policy mot det gäller alla "
                    "medarbetare i alla länder. I praktiken innebär det att vi:\n"
                    "\n"
                    "- blockerar åtkomst till känt övergreppsmaterial tillsammans med "
                    "polisen\n"
                    "- utbildar alla, så att våra tjänster och produkter inte missbrukas\n"
                    "- samarbetar med organisationer som har expertkunskap, till exempel "
                    "ECPAT.\n"
                    "\n"
                    "## Det här måste du som medarbetare göra\n"
                    "\n"
                    "Om du stöter på material som visar sexuella övergrepp mot barn, eller "
                    "misstänker att ett barn utnyttjas:\n"
                    "\n"
                    "- **Rapportera internt** till din chef eller säkerhetsavdelningen, den "
                    "vanliga vägen i företaget.\n"
                    "- **Rapportera externt** till den nationella hotlinen (i Sverige ECPAT "
                    "Hotline) eller till polisen. Ring 112 om ett barn är i akut fara.\n"
                    "- **Utred aldrig på egen hand.** Sök inte efter mer, och spara, "
                    "vidarebefordra eller visa inte materialet för någon. Det är polisens "
                    "uppgift, och gör du det själv kan det vara ett brott.\n"
                    "\n"
                    'Modulen "Så rapporterar du" går igenom stegen i detalj.\n'
                    "\n"
                    "## ECPAT-teamet\n"
                    "\n"
                    "Vårt ECPAT-team är ett nätverk av ambassadörer på våra lokala kontor. "
                    "De sprider kunskap inom företaget, håller workshoppar och hjälper "
                    "kollegor att hitta rätt väg för att rapportera. De utreder inga "
                    "ärenden. Är du osäker på något, fråga ambassadören på ditt kontor.\n"
                    "\n"
                    "## Ett större sammanhang\n"
                    "\n"
                    "Vi är inte ensamma om det här arbetet. ECPAT Sverige och Telenor "
                    "Sverige fick FRII:s pris Årets Företagssamarbete 2013 för sitt "
                    "gemensamma arbete mot barnsexhandeln. Sedan 2014 arbetar UNICEF och "
                    "mobiloperatören Millicom med Barnrättsprinciperna för företag i "
                    "telekomsektorn. Ett resultat är verktyget Mobile Operators Child Rights "
                    "Impact Assessment Tool (MO-CRIA), som hjälper operatörer att se hur och "
                    "var de påverkar barn, och hur de kan skydda och stärka barns "
                    "rättigheter.\n"
                    "\n"
                    "## När kunder frågar\n"
                    "\n"
                    "Föräldrar och lärare frågar ofta hur de kan hjälpa barn att vara trygga "
                    "på nätet. Ta frågorna på allvar och berätta om företagets råd och "
                    "säkerhetsinställningar. Om de misstänker att ett barn far illa, hänvisa "
                    "dem till polisen eller den nationella hotlinen. Erbjud dig aldrig att "
                    "själv kontrollera ett barns telefon eller trafik.\n"
                ),
            },
        },
        "questions": [
            {
                "kind": "single",
                "prompt": {
                    "en": (
                        "What is the company's position on the commercial sexual exploitation of children?"
                    ),
                    "sv": ("Vilken hållning har företaget till kommersiell sexuell exploatering av barn?"),
                },
                "explanation": {
                    "en": (
                        "The policy is zero tolerance, and it applies to everyone. The police "
                        "investigate crimes, but every employee has a part to play: knowing the "
                        "risks and reporting what they come across."
                    ),
                    "sv": (
                        "Policyn innebär nolltolerans och gäller alla. Polisen utreder brott, "
                        "men varje medarbetare har en roll: att känna till riskerna och "
                        "rapportera det man stöter på."
                    ),
                },
                "choices": [
                    {
                        "text": {
                            "en": (
                                "Zero tolerance: our services must not contribute to it, and every "
                                "employee acts on that."
                            ),
                            "sv": (
                                "Nolltolerans: våra tjänster får inte bidra till den, och varje "
                                "medarbetare agerar utifrån det."
                            ),
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "It is a matter for the police, so employees do not need to do anything.",
                            "sv": "Det är en fråga för polisen, så medarbetarna behöver inte göra något.",
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "It only concerns the security team and the legal department.",
                            "sv": "Det berör bara säkerhetsavdelningen och juristerna.",
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "It is a risk we accept as part of selling internet services.",
                            "sv": "Det är en risk vi får acceptera när vi säljer internettjänster.",
                        },
                        "correct": False,
                    },
                ],
            },
            {
                "kind": "multiple",
                "prompt": {
                    "en": (
                        "Which of these services can be misused for the sexual exploitation of "
                        "children? Choose all that apply."
                    ),
                    "sv": (
                        "Vilka av de här tjänsterna kan missbrukas för sexuell exploatering av "
                        "barn? Välj alla som stämmer."
                    ),
                },
                "explanation": {
                    "en": (
                        "Offenders use the same everyday services as everyone else. That is why "
                        "a telecom company has a responsibility to make sure its services and "
                        "products are not misused, even though almost all customers use them for "
                        "good reasons."
                    ),
                    "sv": (
                        "Förövare använder samma vardagliga tjänster som alla andra. Därför har "
                        "ett telekombolag ett ansvar för att tjänsterna och produkterna inte "
                        "missbrukas, även om nästan alla kunder använder dem av goda skäl."
                    ),
                },
                "choices": [
                    {
                        "text": {
                            "en": "Prepaid SIM cards, to hide who the user is",
                            "sv": "Kontantkort, för att dölja vem användaren är",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Cloud storage and hosting, to store and spread abuse material",
                            "sv": "Molnlagring och webbhotell, för att lagra och sprida övergreppsmaterial",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Messaging services, to get in touch with children",
                            "sv": "Meddelandetjänster, för att komma i kontakt med barn",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Payment services, to pay for or profit from exploitation",
                            "sv": "Betaltjänster, för att betala för eller tjäna pengar på exploatering",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": (
                                "None of them: a telecom company only carries data, so its services "
                                "cannot be misused"
                            ),
                            "sv": (
                                "Ingen av dem: ett telekombolag förmedlar bara data, så tjänsterna kan "
                                "inte missbrukas"
                            ),
                        },
                        "correct": False,
                    },
                ],
            },
            {
                "kind": "true_false",
                "prompt": {
                    "en": (
                        "If you suspect that a customer's account is used to share child sexual "
                        "abuse material, you should look through the account yourself to collect "
                        "evidence before you report."
                    ),
                    "sv": (
                        "Om du misstänker att en kunds konto används för att dela material som "
                        "visar sexuella övergrepp mot barn ska du själv gå igenom kontot och "
                        "samla bevis innan du rapporterar."
                    ),
                },
                "explanation": {
                    "en": (
                        "Never investigate on your own. Report your suspicion internally and to "
                        "the hotline or the police, and leave the investigation to them. Looking "
                        "for more yourself can be a crime, can harm an investigation and "
                        "intrudes on the customer's privacy."
                    ),
                    "sv": (
                        "Utred aldrig på egen hand. Rapportera misstanken internt och till "
                        "hotlinen eller polisen, och lämna utredningen till dem. Att själv leta "
                        "efter mer kan vara ett brott, kan försvåra en utredning och inkräktar "
                        "på kundens integritet."
                    ),
                },
                "choices": [
                    {"text": {"en": "True", "sv": "Sant"}, "correct": False},
                    {"text": {"en": "False", "sv": "Falskt"}, "correct": True},
                ],
            },
            {
                "kind": "single",
                "prompt": {
                    "en": (
                        "A web page you open at work seems to show sexual abuse of a child. What "
                        "should you do?"
                    ),
                    "sv": (
                        "En webbsida som du öppnar på jobbet verkar visa sexuella övergrepp mot "
                        "ett barn. Vad ska du göra?"
                    ),
                },
                "explanation": {
                    "en": (
                        "Saving, screenshotting or showing the material spreads the abuse and "
                        "can itself be a crime. A note of where and when you saw it is all the "
                        "hotline or the police need. Do not assume that someone else has already "
                        "reported it."
                    ),
                    "sv": (
                        "Att spara, ta en skärmbild av eller visa materialet sprider övergreppet "
                        "och kan i sig vara ett brott. En anteckning om var och när du såg det "
                        "räcker för hotlinen eller polisen. Utgå inte från att någon annan redan "
                        "har rapporterat."
                    ),
                },
                "choices": [
                    {
                        "text": {
                            "en": (
                                "Close it, note the address and time without saving anything, and report "
                                "it to the hotline or the police and internally."
                            ),
                            "sv": (
                                "Stänga sidan, anteckna adress och klockslag utan att spara något, och "
                                "rapportera till hotlinen eller polisen och internt."
                            ),
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Take a screenshot so that you have proof, then report it.",
                            "sv": "Ta en skärmbild så att du har bevis, och sedan rapportera.",
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "Show it to a colleague to check that you have understood it correctly.",
                            "sv": "Visa sidan för en kollega för att kontrollera att du har förstått rätt.",
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": (
                                "Close it and forget about it, since someone else has probably reported it."
                            ),
                            "sv": (
                                "Stänga sidan och glömma det, eftersom någon annan säkert redan har "
                                "rapporterat."
                            ),
                        },
                        "correct": False,
                    },
                ],
            },
            {
                "kind": "true_false",
                "prompt": {
                    "en": (
                        "The ECPAT Team is a network of ambassadors in our local offices who "
                        "spread knowledge about the sexual exploitation of children inside the "
                        "company."
                    ),
                    "sv": (
                        "ECPAT-teamet är ett nätverk av ambassadörer på våra lokala kontor som "
                        "sprider kunskap om sexuell exploatering av barn inom företaget."
                    ),
                },
                "explanation": {
                    "en": (
                        "The ambassadors spread knowledge, hold workshops and help colleagues "
                        "find the right way to report. They do not investigate cases themselves."
                    ),
                    "sv": (
                        "Ambassadörerna sprider kunskap, håller workshoppar och hjälper kollegor "
                        "att hitta rätt väg för att rapportera. De utreder inga ärenden själva."
                    ),
                },
                "choices": [
                    {"text": {"en": "True", "sv": "Sant"}, "correct": True},
                    {"text": {"en": "False", "sv": "Falskt"}, "correct": False},
                ],
            },
            {
                "kind": "multiple",
                "prompt": {
                    "en": "What does your office's ambassador do? Choose all that apply.",
                    "sv": "Vad gör ambassadören på ditt kontor? Välj alla som stämmer.",
                },
                "explanation": {
                    "en": (
                        "Ambassadors share knowledge and help, but they are not investigators. "
                        "Anyone who suspects that a child is being exploited can and should "
                        "report it; nobody needs an ambassador's permission."
                    ),
                    "sv": (
                        "Ambassadörer sprider kunskap och hjälper till, men de är inte utredare. "
                        "Alla som misstänker att ett barn utnyttjas kan och ska rapportera det. "
                        "Ingen behöver en ambassadörs tillåtelse."
                    ),
                },
                "choices": [
                    {
                        "text": {
                            "en": "Spreads knowledge about the subject inside the company",
                            "sv": "Sprider kunskap om ämnet inom företaget",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Holds workshops for colleagues",
                            "sv": "Håller workshoppar för kollegor",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Helps colleagues find the right way to report",
                            "sv": "Hjälper kollegor att hitta rätt väg för att rapportera",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Investigates suspected cases in the office",
                            "sv": "Utreder misstänkta fall på kontoret",
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "Decides whether a suspicion is serious enough to report to the police",
                            "sv": (
                                "Avgör om en misstanke är tillräckligt allvarlig för att anmälas till polisen"
                            ),
                        },
                        "correct": False,
                    },
                ],
            },
            {
                "kind": "single",
                "prompt": {
                    "en": ("What is the Mobile Operators Child Rights Impact Assessment Tool (MO-CRIA)?"),
                    "sv": "Vad är Mobile Operators Child Rights Impact Assessment Tool (MO-CRIA)?",
                },
                "explanation": {
                    "en": (
                        "MO-CRIA was developed by UNICEF and Millicom as part of their work on "
                        "the Children's Rights and Business Principles. It helps operators see "
                        "how they affect children, both the risks and the opportunities."
                    ),
                    "sv": (
                        "MO-CRIA har tagits fram av UNICEF och Millicom inom ramen för deras "
                        "arbete med Barnrättsprinciperna för företag. Verktyget hjälper "
                        "operatörer att se hur de påverkar barn, både riskerna och möjligheterna."
                    ),
                },
                "choices": [
                    {
                        "text": {
                            "en": (
                                "A tool that helps mobile operators identify how and where they affect "
                                "children, and how they can protect and strengthen children's rights"
                            ),
                            "sv": (
                                "Ett verktyg som hjälper mobiloperatörer att identifiera hur och var de "
                                "påverkar barn, och hur de kan skydda och stärka barns rättigheter"
                            ),
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "A filter that automatically blocks all harmful content in the network",
                            "sv": "Ett filter som automatiskt blockerar allt skadligt innehåll i nätet",
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "A hotline where the public can report abuse material",
                            "sv": "En hotline där allmänheten kan rapportera övergreppsmaterial",
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "A law that requires operators to monitor their customers' messages",
                            "sv": "En lag som kräver att operatörer övervakar kundernas meddelanden",
                        },
                        "correct": False,
                    },
                ],
            },
            {
                "kind": "true_false",
                "prompt": {
                    "en": (
                        "The company blocks access to known child sexual abuse material together "
                        "with the police."
                    ),
                    "sv": (
                        "Företaget blockerar åtkomst till känt material som visar sexuella "
                        "övergrepp mot barn tillsammans med polisen."
                    ),
                },
                "explanation": {
                    "en": (
                        "We block access to known abuse material in cooperation with the police. "
                        "Material that is blocked is seen and spread less, which protects the "
                        "children in it. Blocking does not replace reporting: if you come across "
                        "material, you must still report it."
                    ),
                    "sv": (
                        "Vi blockerar åtkomst till känt övergreppsmaterial i samarbete med "
                        "polisen. Material som blockeras visas och sprids mindre, vilket skyddar "
                        "barnen i det. Blockeringen ersätter inte rapportering: stöter du på "
                        "material ska du ändå rapportera det."
                    ),
                },
                "choices": [
                    {"text": {"en": "True", "sv": "Sant"}, "correct": True},
                    {"text": {"en": "False", "sv": "Falskt"}, "correct": False},
                ],
            },
            {
                "kind": "single",
                "prompt": {
                    "en": (
                        "A parent in one of our stores asks how to keep their child safe online. "
                        "What is the best response?"
                    ),
                    "sv": (
                        "En förälder i en av våra butiker frågar hur hen kan hjälpa sitt barn "
                        "att vara tryggt på nätet. Vilket svar är bäst?"
                    ),
                },
                "explanation": {
                    "en": (
                        "Parents and teachers ask us for support with children's safety online, "
                        "and we should help. But checking a child's phone, traffic or messages "
                        "is not our role: it intrudes on privacy and could expose you to "
                        "material you must not see. A suspicion that a child is being harmed "
                        "belongs with the police or the hotline."
                    ),
                    "sv": (
                        "Föräldrar och lärare ber oss om stöd i frågor om barns säkerhet på "
                        "nätet, och vi ska hjälpa till. Men att kontrollera ett barns telefon, "
                        "trafik eller meddelanden är inte vår roll: det inkräktar på "
                        "integriteten och kan leda till att du ser material som du inte får se. "
                        "En misstanke om att ett barn far illa hör hemma hos polisen eller "
                        "hotlinen."
                    ),
                },
                "choices": [
                    {
                        "text": {
                            "en": (
                                "Take the question seriously, share the company's safety advice and "
                                "settings, and if they suspect that a child is being harmed, point them "
                                "to the police or the hotline."
                            ),
                            "sv": (
                                "Ta frågan på allvar, berätta om företagets råd och "
                                "säkerhetsinställningar och, om föräldern misstänker att ett barn far "
                                "illa, hänvisa till polisen eller hotlinen."
                            ),
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": (
                                "Explain that children's safety online is not something a telecom "
                                "company deals with."
                            ),
                            "sv": (
                                "Förklara att barns säkerhet på nätet inte är något som ett telekombolag "
                                "sysslar med."
                            ),
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "Offer to check the child's phone or data traffic for them.",
                            "sv": (
                                "Erbjuda dig att kontrollera barnets telefon eller datatrafik åt föräldern."
                            ),
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "Ask them to show you the messages the child has received.",
                            "sv": "Be föräldern att visa dig meddelandena som barnet har fått.",
                        },
                        "correct": False,
                    },
                ],
            },
            {
                "kind": "multiple",
                "prompt": {
                    "en": (
                        "Why does a telecom company have a responsibility to act against the "
                        "sexual exploitation of children? Choose all that apply."
                    ),
                    "sv": (
                        "Varför har ett telekombolag ett ansvar att motverka sexuell "
                        "exploatering av barn? Välj alla som stämmer."
                    ),
                },
                "explanation": {
                    "en": (
                        "Because so much of the exploitation happens online, the services we "
                        "sell can be misused. Companies have a social responsibility to prevent "
                        "that, as the Children's Rights and Business Principles describe. "
                        "Investigating crimes, however, is the job of the police."
                    ),
                    "sv": (
                        "Eftersom så mycket av exploateringen sker på nätet kan de tjänster vi "
                        "säljer missbrukas. Företag har ett socialt ansvar att förhindra det, "
                        "vilket Barnrättsprinciperna för företag beskriver. Att utreda brott är "
                        "däremot polisens uppgift."
                    ),
                },
                "choices": [
                    {
                        "text": {
                            "en": (
                                "A large part of the exploitation takes place online, using services "
                                "like ours"
                            ),
                            "sv": (
                                "En stor del av exploateringen sker på nätet, med hjälp av tjänster som våra"
                            ),
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Our services and products can be misused if we do nothing",
                            "sv": "Våra tjänster och produkter kan missbrukas om vi inte gör något",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": (
                                "The Children's Rights and Business Principles describe how companies "
                                "can respect and support children's rights"
                            ),
                            "sv": (
                                "Barnrättsprinciperna för företag beskriver hur företag kan respektera "
                                "och stödja barns rättigheter"
                            ),
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Telecom companies are in charge of investigating these crimes",
                            "sv": "Telekombolag ansvarar för att utreda de här brotten",
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "Only telecom companies' services can be misused",
                            "sv": "Det är bara telekombolagens tjänster som kan missbrukas",
                        },
                        "correct": False,
                    },
                ],
            },
        ],
    },
    {
        "key": "reporting",
        "is_quiz": False,
        "workshop_eligible": True,  # ambassadors may walk their colleagues through it
        "audience": "everyone",
        "estimated_minutes": 8,
        "content_warning": True,
        "pass_mark": 80,
        "draw_count": 1,
        "validity_months": 12,
        "refresher_days": 30,
        "grace_days": 14,
        "texts": {
            "en": {
                "title": "How to report",
                "summary": (
                    "What to do, and never do, if you come across child sexual abuse "
                    "material or suspect that a child is being exploited."
                ),
                "content": (
                    "This module explains what to do, and what never to do, if you come "
                    "across child sexual abuse material or suspect that a child is being "
                    "exploited. It contains no images and no descriptions of abuse.\n"
                    "\n"
                    "You may come across such material by accident: in a customer's support "
                    "case, on a web page, in a message or in a system you work with. It is "
                    "upsetting, and it is natural to be unsure what to do. The steps below "
                    "are simple, and you are not alone with them.\n"
                    "\n"
                    "## If a child is in immediate danger\n"
                    "\n"
                    "Call 112 at once. Everything else can wait.\n"
                    "\n"
                    "## Never do this\n"
                    "\n"
                    "- **Do not download, save or copy** the material, and do not take a "
                    "screenshot.\n"
                    '- **Do not open it again**, and do not look for more to "make sure".\n'
                    "- **Do not forward it or show it to colleagues**, not even to your "
                    "manager or to ask for advice.\n"
                    "\n"
                    "Every time material like this is viewed or shared, the abuse of the "
                    "child continues. Downloading, keeping or spreading it can also be a "
                    "crime in itself, even if your intentions are good.\n"
                    "\n"
                    "## Do this\n"
                    "\n"
                    "1. **Stop and close it.** Close the page, file or message.\n"
                    "2. **Note where you saw it**, without saving the material: for example "
                    "the web address, the name of the service or file, and the date and "
                    "time. Write it down in words.\n"
                    "3. **Report it to the national hotline or the police.** In Sweden you "
                    "can report material online to ECPAT Hotline. You can always report to "
                    "the police; in Sweden their number for matters that are not urgent is "
                    "114 14.\n"
                    "4. **Tell your manager or the security team** through the company's "
                    "internal route. Describe what you noted and where, but never send the "
                    "material.\n"
                    "\n"
                    "Your office's ambassador can help you find the right contacts for your "
                    "country.\n"
                    "\n"
                    "## If you suspect exploitation\n"
                    "\n"
                    "Not every case involves material. You may notice something in your work "
                    "that makes you worried that a child is being exploited. Do not confront "
                    "anyone, and do not look into it yourself. Report your concern to the "
                    "police and tell your manager or the security team. A suspicion is "
                    "enough: you do not need proof.\n"
                    "\n"
                    "## Look after yourself\n"
                    "\n"
                    "Seeing this kind of material, or even suspecting abuse, can affect you, "
                    "sometimes days later. That is a normal reaction. Talk to someone: your "
                    "manager, HR, your office's ambassador or someone you trust. You can "
                    "talk about how you feel without describing the material. Ask for "
                    "support if you need it.\n"
                    "\n"
                    "## Your acknowledgement\n"
                    "\n"
                    "By acknowledging this module, you confirm that you have read the "
                    "company's policy against the sexual exploitation of children and the "
                    "reporting steps above, and that you will follow them.\n"
                ),
            },
            "sv": {
                "title": "Så rapporterar du",
                "summary": (
                    "Vad du ska göra, och aldrig göra, om du stöter på material som visar "
                    "sexuella övergrepp mot barn eller misstänker att ett barn utnyttjas."
                ),
                "content": (
                    "Den här modulen förklarar vad du ska göra, och vad du aldrig ska göra, "
                    "om du stöter på material som visar sexuella övergrepp mot barn eller "
                    "misstänker att ett barn utnyttjas. Den innehåller inga bilder och inga "
                    "beskrivningar av övergrepp.\n"
                    "\n"
                    "Du kan råka se sådant material av en slump: i en kunds supportärende, "
                    "på en webbsida, i ett meddelande eller i ett system som du arbetar i. "
                    "Det är obehagligt, och det är naturligt att vara osäker på vad du ska "
                    "göra. Stegen nedan är enkla, och du är inte ensam med dem.\n"
                    "\n"
                    "## Om ett barn är i akut fara\n"
                    "\n"
                    "Ring 112 direkt. Allt annat kan vänta.\n"
                    "\n"
                    "## Gör aldrig så här\n"
                    "\n"
                    "- **Ladda inte ned, spara eller kopiera** materialet, och ta ingen "
                    "skärmbild.\n"
                    '- **Öppna det inte igen**, och leta inte efter mer för att "vara '
                    'säker".\n'
                    "- **Vidarebefordra det inte och visa det inte för kollegor**, inte ens "
                    "för din chef eller för att be om råd.\n"
                    "\n"
                    "Varje gång sådant material visas eller sprids fortsätter övergreppet "
                    "mot barnet. Att ladda ned, behålla eller sprida det kan dessutom vara "
                    "ett brott i sig, även om du har goda avsikter.\n"
                    "\n"
                    "## Gör så här\n"
                    "\n"
                    "1. **Stanna upp och stäng.** Stäng sidan, filen eller meddelandet.\n"
                    "2. **Anteckna var du såg det**, utan att spara materialet: till exempel "
                    "webbadressen, namnet på tjänsten eller filen, och datum och klockslag. "
                    "Skriv ned det med egna ord.\n"
                    "3. **Rapportera till den nationella hotlinen eller polisen.** I Sverige "
                    "kan du rapportera material på nätet till ECPAT Hotline. Du kan alltid "
                    "göra en anmälan till polisen; i Sverige når du polisen på 114 14 när "
                    "det inte är akut.\n"
                    "4. **Berätta för din chef eller säkerhetsavdelningen** via företagets "
                    "interna rutin. Beskriv vad du antecknade och var, men skicka aldrig "
                    "materialet.\n"
                    "\n"
                    "Ambassadören på ditt kontor kan hjälpa dig att hitta rätt kontaktvägar "
                    "i ditt land.\n"
                    "\n"
                    "## Om du misstänker exploatering\n"
                    "\n"
                    "Alla fall handlar inte om material. Du kan märka något i ditt arbete "
                    "som gör dig orolig för att ett barn utnyttjas. Konfrontera ingen och "
                    "undersök inte saken själv. Anmäl din oro till polisen och berätta för "
                    "din chef eller säkerhetsavdelningen. Det räcker med en misstanke, du "
                    "behöver inga bevis.\n"
                    "\n"
                    "## Ta hand om dig själv\n"
                    "\n"
                    "Att se den här typen av material, eller bara misstänka övergrepp, kan "
                    "påverka dig, ibland flera dagar efteråt. Det är en helt normal "
                    "reaktion. Prata med någon: din chef, HR, ambassadören på ditt kontor "
                    "eller någon du litar på. Du kan berätta hur du mår utan att beskriva "
                    "materialet. Be om stöd om du behöver det.\n"
                    "\n"
                    "## Din bekräftelse\n"
                    "\n"
                    "Genom att bekräfta den här modulen intygar du att du har läst "
                    "företagets policy mot sexuell exploatering av barn och "
                    "rapporteringsstegen ovan, och att du kommer att följa dem.\n"
                ),
            },
        },
        "questions": [],
    },
    {
        "key": "workshop",
        "is_quiz": True,
        "audience": "ambassadors",
        "estimated_minutes": 20,
        "content_warning": False,
        "pass_mark": 75,
        "draw_count": 4,
        "validity_months": 24,
        "refresher_days": 60,
        "grace_days": 60,
        "texts": {
            "en": {
                "title": "Holding a workshop for your colleagues",
                "summary": (
                    "For ambassadors: how to plan, frame, run and follow up a safe and "
                    "practical workshop on our policy and on how to report."
                ),
                "content": (
                    "As an ambassador, one of the most useful things you can do is to hold a "
                    "short workshop for the colleagues in your office. This module walks you "
                    "through it, from planning to follow-up. You do not need to be an "
                    "expert: your role is to share knowledge, not to answer every question "
                    "or to handle cases.\n"
                    "\n"
                    "## Plan\n"
                    "\n"
                    "- **Time:** book 45–60 minutes. That is enough for the essentials and "
                    "leaves room for questions.\n"
                    "- **Room:** choose a room where people can talk undisturbed, and offer "
                    "a way to join remotely if colleagues work elsewhere.\n"
                    "- **Invitation:** send it in good time, and say clearly what the "
                    "workshop is about, so that nobody is surprised by the subject.\n"
                    "- **Accessibility:** check that the room is accessible and that your "
                    "slides are easy to read, and ask in the invitation whether anyone needs "
                    "an adjustment.\n"
                    "\n"
                    "## Frame it safely\n"
                    "\n"
                    "The subject is hard, and some of your colleagues may have personal "
                    "experience of abuse. Say so at the start.\n"
                    "\n"
                    "- Tell everyone at the start what the workshop will cover.\n"
                    "- Never show real material, not even blurred or cropped, and never "
                    "describe abuse. Neither is needed to make the point.\n"
                    "- Say that anyone may step out at any time, without explaining why.\n"
                    "- Share support contacts: managers, HR, yourself, and your country's "
                    "support and reporting contacts.\n"
                    "\n"
                    "## Content\n"
                    "\n"
                    "Keep to three parts:\n"
                    "\n"
                    "1. **Our policy:** zero tolerance of the commercial sexual exploitation "
                    "of children, and what it asks of every employee.\n"
                    "2. **How our services can be misused:** subscriptions, prepaid SIM "
                    "cards, messaging, cloud storage, hosting and payments, at a general "
                    "level.\n"
                    "3. **How to report:** never download, save, forward or show; note where "
                    "you saw it; report to the hotline or the police (112 if a child is in "
                    "immediate danger); tell your manager or the security team.\n"
                    "\n"
                    "The training modules in Ambassador cover the same ground, so you can "
                    "use them as your outline.\n"
                    "\n"
                    "## Make it interactive\n"
                    "\n"
                    "People remember what they discuss. Leave time for questions, and use a "
                    "few short scenarios that are not graphic, for example:\n"
                    "\n"
                    "- A customer calls and wants to report a web page they came across. "
                    "What do you tell them?\n"
                    "- A colleague says they saw something disturbing in a support case and "
                    "wants to show you. What do you say?\n"
                    "- A parent in a store asks how to keep their child safe online. How do "
                    "you help?\n"
                    "\n"
                    "Talk about what to do, not about what happened.\n"
                    "\n"
                    "## Afterwards\n"
                    "\n"
                    "- **Record attendance** in Ambassador, so that everyone who took part "
                    "gets credit for the training.\n"
                    "- **Follow up** the questions you could not answer. It is fine to say: "
                    '"I don\'t know, but I will find out."\n'
                    "- **Refer to experts:** the CSR coordinator, the security team or "
                    "organisations such as ECPAT.\n"
                    "- **Never take on an investigation.** If someone tells you about a "
                    "suspected case, help them report it through the usual routes, to the "
                    "hotline or the police and internally, and leave the rest to those whose "
                    "job it is.\n"
                    "\n"
                    "Holding a workshop on this subject can be heavy for you too. Talk to "
                    "someone afterwards if you need to.\n"
                ),
            },
            "sv": {
                "title": "Så håller du en workshop för dina kollegor",
                "summary": (
                    "För ambassadörer: så planerar, ramar in, genomför och följer du upp en "
                    "trygg och praktisk workshop om vår policy och om hur man rapporterar."
                ),
                "content": (
                    "Som ambassadör är en av de mest värdefulla saker du kan göra att hålla "
                    "en kort workshop för kollegorna på ditt kontor. Den här modulen tar dig "
                    "igenom det, från planering till uppföljning. Du behöver inte vara "
                    "expert: din roll är att sprida kunskap, inte att kunna svara på allt "
                    "eller att hantera ärenden.\n"
                    "\n"
                    "## Planera\n"
                    "\n"
                    "- **Tid:** boka 45–60 minuter. Det räcker för det viktigaste och lämnar "
                    "utrymme för frågor.\n"
                    "- **Lokal:** välj ett rum där ni kan prata ostört, och erbjud möjlighet "
                    "att delta på distans om kollegor sitter på annan ort.\n"
                    "- **Inbjudan:** skicka den i god tid och skriv tydligt vad workshoppen "
                    "handlar om, så att ingen blir överraskad av ämnet.\n"
                    "- **Tillgänglighet:** kontrollera att lokalen är tillgänglig och att "
                    "dina bilder är lätta att läsa, och fråga i inbjudan om någon behöver "
                    "anpassningar.\n"
                    "\n"
                    "## Skapa en trygg ram\n"
                    "\n"
                    "Ämnet är svårt, och några av dina kollegor kan ha egna erfarenheter av "
                    "övergrepp. Säg det redan från början.\n"
                    "\n"
                    "- Berätta inledningsvis vad workshoppen kommer att ta upp.\n"
                    "- Visa aldrig verkligt material, inte ens suddat eller beskuret, och "
                    "beskriv aldrig övergrepp. Inget av det behövs för att budskapet ska gå "
                    "fram.\n"
                    "- Säg att alla får gå ut när som helst, utan att förklara varför.\n"
                    "- Dela stödkontakter: chefer, HR, dig själv och ditt lands kontaktvägar "
                    "för stöd och rapportering.\n"
                    "\n"
                    "## Innehåll\n"
                    "\n"
                    "Håll dig till tre delar:\n"
                    "\n"
                    "1. **Vår policy:** nolltolerans mot kommersiell sexuell exploatering av "
                    "barn, och vad den kräver av varje medarbetare.\n"
                    "2. **Hur våra tjänster kan missbrukas:** abonnemang, kontantkort, "
                    "meddelandetjänster, molnlagring, webbhotell och betaltjänster, på ett "
                    "övergripande plan.\n"
                    "3. **Hur man rapporterar:** ladda aldrig ned, spara, vidarebefordra "
                    "eller visa; anteckna var du såg det; rapportera till hotlinen eller "
                    "polisen (112 om ett barn är i akut fara); berätta för chefen eller "
                    "säkerhetsavdelningen.\n"
                    "\n"
                    "Utbildningsmodulerna i Ambassador tar upp samma saker, så du kan "
                    "använda dem som stöd för upplägget.\n"
                    "\n"
                    "## Gör det interaktivt\n"
                    "\n"
                    "Det man diskuterar minns man. Lämna tid för frågor och använd några "
                    "korta scenarier som inte är grafiska, till exempel:\n"
                    "\n"
                    "- En kund ringer och vill rapportera en webbsida som hen har hittat. "
                    "Vad säger du?\n"
                    "- En kollega har sett något obehagligt i ett supportärende och vill "
                    "visa dig. Vad svarar du?\n"
                    "- En förälder i butiken frågar hur hen kan hjälpa sitt barn att vara "
                    "tryggt på nätet. Hur hjälper du till?\n"
                    "\n"
                    "Prata om vad man ska göra, inte om vad som hände.\n"
                    "\n"
                    "## Efteråt\n"
                    "\n"
                    "- **Registrera närvaron** i Ambassador, så att alla som deltog får "
                    "utbildningen tillgodoräknad.\n"
                    "- **Följ upp** de frågor som du inte kunde svara på. Det är helt okej "
                    'att säga: "Det vet jag inte, men jag tar reda på det."\n'
                    "- **Hänvisa till experter:** CSR-samordnaren, säkerhetsavdelningen "
                    "eller organisationer som ECPAT.\n"
                    "- **Ta aldrig på dig en utredning.** Om någon berättar om ett misstänkt "
                    "fall, hjälp personen att rapportera den vanliga vägen, till hotlinen "
                    "eller polisen och internt, och lämna resten till dem som har det som "
                    "uppgift.\n"
                    "\n"
                    "Att hålla en workshop om det här ämnet kan vara tungt för dig också. "
                    "Prata med någon efteråt om du behöver.\n"
                ),
            },
        },
        "questions": [
            {
                "kind": "multiple",
                "prompt": {
                    "en": "Which of these belong in planning a workshop? Choose all that apply.",
                    "sv": "Vad hör till planeringen av en workshop? Välj alla som stämmer.",
                },
                "explanation": {
                    "en": (
                        "45–60 minutes covers the essentials and leaves time for questions. "
                        "Stating the subject in the invitation lets colleagues prepare, or "
                        "choose not to come, and accessibility means that everyone can take part."
                    ),
                    "sv": (
                        "45–60 minuter räcker för det viktigaste och lämnar tid för frågor. När "
                        "ämnet står i inbjudan kan kollegorna förbereda sig, eller välja att "
                        "avstå, och tillgänglighet gör att alla kan delta."
                    ),
                },
                "choices": [
                    {
                        "text": {"en": "Booking 45–60 minutes", "sv": "Att boka 45–60 minuter"},
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Saying clearly in the invitation what the workshop is about",
                            "sv": "Att tydligt skriva i inbjudan vad workshoppen handlar om",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Checking that the room and your slides are accessible",
                            "sv": "Att kontrollera att lokalen och dina bilder är tillgängliga",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Keeping the subject a surprise so that more people come",
                            "sv": "Att hålla ämnet hemligt så att fler kommer",
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "Booking a full day so that every detail can be covered",
                            "sv": "Att boka en hel dag så att alla detaljer hinns med",
                        },
                        "correct": False,
                    },
                ],
            },
            {
                "kind": "multiple",
                "prompt": {
                    "en": "What makes the framing of a workshop safe? Choose all that apply.",
                    "sv": "Vad gör ramen för en workshop trygg? Välj alla som stämmer.",
                },
                "explanation": {
                    "en": (
                        "Some colleagues may have personal experience of abuse. A warning about "
                        "the subject, the right to step out and support contacts protect them. "
                        "Real material is never shown: it is not needed, it harms the children "
                        "in it, and showing it can be a crime."
                    ),
                    "sv": (
                        "Några kollegor kan ha egna erfarenheter av övergrepp. En förvarning om "
                        "ämnet, rätten att gå ut och stödkontakter skyddar dem. Verkligt "
                        "material visas aldrig: det behövs inte, det skadar barnen i det, och "
                        "att visa det kan vara ett brott."
                    ),
                },
                "choices": [
                    {
                        "text": {
                            "en": "Telling everyone at the start what the workshop will cover",
                            "sv": "Att inledningsvis berätta vad workshoppen kommer att ta upp",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Saying that anyone may step out at any time without explaining why",
                            "sv": "Att säga att alla får gå ut när som helst utan att förklara varför",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Sharing support contacts, such as managers, HR and the ambassador",
                            "sv": "Att dela stödkontakter, till exempel chefer, HR och ambassadören",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Showing one real example so that everyone understands how serious it is",
                            "sv": "Att visa ett verkligt exempel så att alla förstår hur allvarligt det är",
                        },
                        "correct": False,
                    },
                ],
            },
            {
                "kind": "true_false",
                "prompt": {
                    "en": (
                        "Showing real abuse material in a workshop is acceptable as long as the "
                        "faces are blurred."
                    ),
                    "sv": (
                        "Det är acceptabelt att visa verkligt övergreppsmaterial på en workshop "
                        "så länge ansiktena är suddade."
                    ),
                },
                "explanation": {
                    "en": (
                        "Never show real material, blurred or not. Showing and viewing it "
                        "continues the abuse and can be a crime, and the workshop works just as "
                        "well without it."
                    ),
                    "sv": (
                        "Visa aldrig verkligt material, suddat eller inte. Att visa och titta på "
                        "det förlänger övergreppet och kan vara ett brott, och workshoppen "
                        "fungerar lika bra utan det."
                    ),
                },
                "choices": [
                    {"text": {"en": "True", "sv": "Sant"}, "correct": False},
                    {"text": {"en": "False", "sv": "Falskt"}, "correct": True},
                ],
            },
            {
                "kind": "single",
                "prompt": {
                    "en": (
                        "After the workshop, a colleague tells you they suspect that a "
                        "customer's account is used to share abuse material. What do you do?"
                    ),
                    "sv": (
                        "Efter workshoppen berättar en kollega att hen misstänker att en kunds "
                        "konto används för att dela övergreppsmaterial. Vad gör du?"
                    ),
                },
                "explanation": {
                    "en": (
                        "Ambassadors never take on an investigation. Your role is to make "
                        "reporting quick and easy. Looking through the account or receiving the "
                        "material could be a crime and could harm the work of the police."
                    ),
                    "sv": (
                        "Ambassadörer tar aldrig på sig en utredning. Din roll är att göra det "
                        "lätt och snabbt att rapportera. Att gå igenom kontot eller ta emot "
                        "materialet kan vara ett brott och kan försvåra polisens arbete."
                    ),
                },
                "choices": [
                    {
                        "text": {
                            "en": (
                                "Help them report it through the internal route and to the hotline or "
                                "the police, and leave the investigation to them."
                            ),
                            "sv": (
                                "Du hjälper kollegan att rapportera via den interna rutinen och till "
                                "hotlinen eller polisen, och lämnar utredningen till dem."
                            ),
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Look through the account together to see whether the suspicion holds.",
                            "sv": (
                                "Du går igenom kontot tillsammans med kollegan för att se om misstanken "
                                "stämmer."
                            ),
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "Ask them to wait until you have checked with the other ambassadors.",
                            "sv": "Du ber kollegan vänta tills du har stämt av med de andra ambassadörerna.",
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "Ask them to send you the material so that you can judge it.",
                            "sv": "Du ber kollegan skicka materialet till dig så att du kan bedöma det.",
                        },
                        "correct": False,
                    },
                ],
            },
            {
                "kind": "single",
                "prompt": {
                    "en": "Why should you record attendance in Ambassador after a workshop?",
                    "sv": "Varför ska du registrera närvaron i Ambassador efter en workshop?",
                },
                "explanation": {
                    "en": (
                        "Recorded attendance counts as a completion, so the attendees' training "
                        "stays current and your office's coverage is correct. Stepping out is "
                        "always allowed and is nothing to report."
                    ),
                    "sv": (
                        "Registrerad närvaro räknas som genomförd utbildning, så deltagarnas "
                        "utbildning hålls aktuell och kontorets täckning blir rätt. Att gå ut är "
                        "alltid tillåtet och inget som ska rapporteras."
                    ),
                },
                "choices": [
                    {
                        "text": {
                            "en": "So that the colleagues who took part get credit for the training",
                            "sv": "Så att kollegorna som deltog får utbildningen tillgodoräknad",
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "So that you can report colleagues who stepped out",
                            "sv": "Så att du kan rapportera kollegor som gick ut",
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "So that the participants' answers to the scenarios can be graded",
                            "sv": "Så att deltagarnas svar på scenarierna kan betygsättas",
                        },
                        "correct": False,
                    },
                ],
            },
            {
                "kind": "single",
                "prompt": {
                    "en": "Which of these works best for discussion in a workshop?",
                    "sv": "Vilket av de här fungerar bäst att diskutera på en workshop?",
                },
                "explanation": {
                    "en": (
                        "Good scenarios are short, not graphic and about what to do. They let "
                        "colleagues practise the steps without anyone having to hear about or "
                        "see abuse."
                    ),
                    "sv": (
                        "Bra scenarier är korta, inte grafiska och handlar om vad man ska göra. "
                        "De låter kollegorna öva på stegen utan att någon behöver höra om eller "
                        "se övergrepp."
                    ),
                },
                "choices": [
                    {
                        "text": {
                            "en": (
                                "A customer calls and wants to report a web page they came across. What "
                                "do you tell them?"
                            ),
                            "sv": (
                                "En kund ringer och vill rapportera en webbsida som hen har hittat. Vad "
                                "säger du?"
                            ),
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": (
                                "A detailed retelling of a real case from the news, including what "
                                "happened to the child"
                            ),
                            "sv": (
                                "En detaljerad återberättelse av ett verkligt fall från nyheterna, med "
                                "vad som hände barnet"
                            ),
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "Screenshots from a reported website, with the images blurred",
                            "sv": "Skärmbilder från en anmäld webbplats, med bilderna suddade",
                        },
                        "correct": False,
                    },
                ],
            },
            {
                "kind": "true_false",
                "prompt": {
                    "en": (
                        "A colleague who steps out during the workshop should explain to you "
                        "afterwards why they left."
                    ),
                    "sv": ("En kollega som går ut under workshoppen ska efteråt förklara för dig varför."),
                },
                "explanation": {
                    "en": (
                        "Anyone may step out at any time, without explaining why. The subject "
                        "can touch on personal experiences, and nobody owes you an explanation. "
                        "You can quietly remind everyone that support is available."
                    ),
                    "sv": (
                        "Alla får gå ut när som helst utan att förklara varför. Ämnet kan beröra "
                        "egna erfarenheter, och ingen är skyldig dig en förklaring. Du kan i "
                        "lugn och ro påminna alla om att det finns stöd att få."
                    ),
                },
                "choices": [
                    {"text": {"en": "True", "sv": "Sant"}, "correct": False},
                    {"text": {"en": "False", "sv": "Falskt"}, "correct": True},
                ],
            },
            {
                "kind": "single",
                "prompt": {
                    "en": "A colleague asks a question you cannot answer. What should you do?",
                    "sv": "En kollega ställer en fråga som du inte kan svara på. Vad gör du?",
                },
                "explanation": {
                    "en": (
                        "It is fine not to know everything. A wrong answer about reporting could "
                        "lead someone to do the wrong thing. Follow up afterwards, and refer to "
                        "experts such as the CSR coordinator, the security team or ECPAT."
                    ),
                    "sv": (
                        "Det är okej att inte kunna allt. Ett felaktigt svar om hur man "
                        "rapporterar kan få någon att göra fel. Följ upp efteråt och hänvisa "
                        "till experter, som CSR-samordnaren, säkerhetsavdelningen eller ECPAT."
                    ),
                },
                "choices": [
                    {
                        "text": {
                            "en": (
                                "Say that you do not know, note the question and follow it up "
                                "afterwards, with help from an expert if needed"
                            ),
                            "sv": (
                                "Säger att du inte vet, antecknar frågan och följer upp den efteråt, med "
                                "hjälp av en expert vid behov"
                            ),
                        },
                        "correct": True,
                    },
                    {
                        "text": {
                            "en": "Give your best guess so that the workshop keeps moving",
                            "sv": "Gissar så gott du kan så att workshoppen inte stannar upp",
                        },
                        "correct": False,
                    },
                    {
                        "text": {
                            "en": "Move on and let the question drop",
                            "sv": "Går vidare och låter frågan falla",
                        },
                        "correct": False,
                    },
                ],
            },
        ],
    },
]

# Support and reporting contacts per country and language (a language left out shows English).
COUNTRY_CONTACTS = {
    "SE": {
        "en": {
            "support": (
                "Talk to your manager, HR or your office's ambassador.\n"
                "You never need to describe the material to ask for support."
            ),
            "reporting": (
                "ECPAT Hotline (ecpat.se) for material online.\nThe police on 114 14, or 112 in an emergency."
            ),
        },
        "sv": {
            "support": (
                "Prata med din chef, HR eller kontorets ambassadör.\n"
                "Du behöver aldrig beskriva materialet för att få stöd."
            ),
            "reporting": (
                "ECPAT Hotline (ecpat.se) för material på nätet.\nPolisen på 114 14, eller 112 vid akut fara."
            ),
        },
    },
    "NO": {
        "en": {
            "support": "Talk to your manager, HR or your office's ambassador.",
            "reporting": (
                "The police: 112 in an emergency.\nOtherwise, your manager, HR or your office's ambassador."
            ),
        },
    },
}
