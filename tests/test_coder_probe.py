"""A held-out check of the coder's generality: sentences written fresh for this file (not
taken from the gold dev set or the PETRARCH suites, not used to write the patterns first),
covering all 20 CAMEO roots and varied syntax: passive, relative clauses, headlines,
participles, temporal clauses, reported speech, coordination, negation and modality.

Each case is scored by the rules of ``shared/gold/GUIDELINES.md`` (the evaluator's own
matching): every expected event must be found and nothing else between two states may be
predicted. Expected events are written ``SRC>TGT:RR|RR`` (accepted roots); ``?AAA-BBB``
marks a dyad whose events are neither credited nor penalised (a reading careful coders
split on). ``-`` means the sentence reports no event.

Cases the coder still gets wrong are listed in ``KNOWN_MISSES`` with the reason; they are
strict xfails, so a fix shows up here. The ``p*`` cases were used to find the coder's gaps;
the ``h*`` and ``j*`` rounds were written later and scored once before any change (the ``j*``
round after all changes, and left as it scored); so were the ``k*`` (actor tables) and
``l*`` rounds (``l*``: 40 of 50 right at first, P 0.933, R 0.683) and the ``m*`` round of
longer news sentences (29 of 40 right at first, P 0.923, R 0.649), and the ``n*`` round
(recognition, aid, trade, law, cyber, travel: 34 of 40 right at first, P 0.750, R 0.783)."""

from __future__ import annotations

import pytest

from bilateral.coding.evaluate import GoldEvent, GoldSentence, Score, predictions_of, score_sentence
from conftest import need_system

pytestmark = pytest.mark.model

# one case a line: "id date | sentence | expected" (an indented line continues the one
# above; "#" starts a comment line)
CASES_TEXT = """
# 01 public statements
p001 2020-06-10 | India's foreign ministry told Nepal that the new map was untenable. | IND>NPL:01
p002 2019-07-15 | Seoul described Tokyo's export curbs as economic retaliation. | KOR>JPN:01|11
p003 2023-02-07 | Canada's foreign minister expressed condolences to Turkey after the
    earthquake. | CAN>TUR:01|05
p004 2021-03-02 | Poland denied that its fighter jets had violated Lithuanian airspace. |
    POL>LTU:01|12
p005 2017-04-11 | The Somali militant group claimed responsibility for a bombing at a hotel in
    Kenya's capital. | SOM>KEN:01
# 02 appeals
p010 2023-08-22 | The Philippines urged China to stop harassing its fishermen. | PHL>CHN:02
p011 2022-11-03 | Kenya called on Ethiopia and Somalia to resume dialogue. | KEN>ETH:02; KEN>SOM:02
p012 2023-01-12 | Ukraine asked Germany for more air defence systems. | UKR>DEU:02
p013 2018-09-04 | Egypt appealed to Sudan to help settle the dispute over the Nile dam. |
    EGY>SDN:02
p014 2020-05-19 | Nigerian officials pressed Ghana to reopen its border to Nigerian traders. |
    NGA>GHA:02|10
# 03 intent
p020 2022-05-23 | Japan pledged $500 million in aid to Ukraine. | JPN>UKR:03|07
p021 2022-01-18 | Australia offered to help Tonga restore its undersea cable. | AUS>TON:03
p022 2023-06-01 | Vietnam and the Philippines agreed to boost maritime cooperation. | VNM>PHL:03|05
p023 2023-06-01 | Modi to visit Washington next month | IND>USA:03
p024 2023-01-15 | Germany will supply Leopard tanks to Ukraine, a government spokesman said. |
    DEU>UKR:03
p025 2019-04-20 | Russia said it was ready to mediate between Armenia and Azerbaijan. |
    RUS>ARM:03|04; RUS>AZE:03|04
# 04 consultation
p030 2024-06-17 | Chinese Premier Li Qiang met Australian Prime Minister Anthony Albanese in
    Canberra on Monday. | CHN>AUS:04
p031 2019-10-02 | The foreign ministers of Egypt and Jordan held talks in Amman. | EGY>JOR:04
p032 2023-03-30 | Macron spoke by phone with Zelensky on Tuesday. | FRA>UKR:04
p033 2019-02-28 | Trump walked away from talks with Kim Jong Un in Hanoi without an agreement.
    | USA>PRK:04|12|16
p034 2017-11-09 | The Kenyan president was received by Xi Jinping at the Great Hall of the
    People. | CHN>KEN:04
p035 2018-03-23 | Arriving in Hanoi on Sunday, the South Korean president met his Vietnamese
    counterpart. | KOR>VNM:04
p036 2022-08-02 | Iran's foreign minister flew to Moscow for consultations with his Russian
    counterpart. | IRN>RUS:04
p037 2016-05-03 | Indonesian and Malaysian officials discussed the haze crisis in Jakarta. |
    IDN>MYS:04
# 05 diplomatic cooperation
p040 2023-03-26 | Honduras established diplomatic relations with China, ending decades of ties
    with Taiwan. | HND>CHN:05; HND>TWN:16
p041 2020-09-15 | Israel and the United Arab Emirates signed a normalisation agreement at the
    White House. | ISR>ARE:05
p042 2022-03-20 | Ukraine thanked Poland for sheltering millions of refugees. | UKR>POL:05|01
p043 2016-10-06 | Germany praised Italy's handling of the migrant crisis. | DEU>ITA:05
p044 2015-08-14 | Japan apologised to South Korea for its wartime conduct. | JPN>KOR:05
p045 2023-08-19 | Japan, Australia sign defence pact | JPN>AUS:05
# 06 material cooperation
p050 2021-04-05 | India and France conducted joint naval exercises in the Arabian Sea. | IND>FRA:06
p051 2023-06-20 | China bought record amounts of Russian oil in May. | CHN>RUS:06
p052 2023-03-10 | South Korea sold K2 tanks to Poland last year. | KOR>POL:06|07
p053 2023-04-11 | American and Philippine troops began joint patrols in the South China Sea. |
    USA>PHL:06
p054 2022-09-01 | Xinhua reported that Chinese and Pakistani troops held joint drills in
    Xinjiang. | CHN>PAK:06
# 07 aid
p060 2023-02-09 | Turkey sent tents and medical supplies to Syria after the earthquake. |
    TUR>SYR:07
p061 2023-10-01 | The United States provided Ukraine with long-range missiles. | USA>UKR:07|06
p062 2021-02-07 | China donated one million vaccine doses to Cambodia. | CHN>KHM:07
p063 2022-02-26 | Thousands of tonnes of Indian wheat arrived in Afghanistan as humanitarian
    aid. | IND>AFG:07
# 08 yield
p070 2021-07-03 | Azerbaijan released five Armenian soldiers captured near the border. | AZE>ARM:08
p071 2022-04-02 | Russia withdrew its troops from northern Ukraine. | RUS>UKR:08
p072 2023-10-19 | Washington eased sanctions on Venezuela's oil sector. | USA>VEN:08
p073 2022-11-15 | Serbia handed back two detained Kosovo police officers on Thursday. | SRB>XKX:08
# 09 investigate
p080 2016-03-21 | Indonesia investigated a Chinese fishing trawler for illegal fishing. |
    IDN>CHN:09
p081 2022-12-10 | South African authorities are investigating a Russian cargo ship that docked
    at Simon's Town. | ZAF>RUS:09
p082 2018-03-12 | British police opened an inquiry into the poisoning, blaming Russia. | ?GBR-RUS
# 10 demand
p090 2023-08-07 | Beijing demanded that Manila withdraw its grounded warship from the shoal. |
    CHN>PHL:10
p091 2016-07-19 | Ankara demanded the extradition of the cleric from the United States. |
    TUR>USA:10
p092 2019-06-05 | Ghana insisted that Nigeria pay compensation for the demolished building. |
    GHA>NGA:10
# 11 disapprove
p100 2021-08-11 | Lithuania was criticised by China for allowing Taiwan to open a
    representative office. | CHN>LTU:11
p101 2020-04-05 | Vietnam condemned the Chinese coast guard's attack on its fishermen. | VNM>CHN:11
p102 2021-06-16 | Egypt summoned the Ethiopian ambassador over the dam. | EGY>ETH:11
p103 2020-01-02 | Jakarta lodged a formal protest with Beijing over the incursion. | IDN>CHN:11
p104 2020-10-01 | Armenia accused Azerbaijan of shelling civilian areas. | ARM>AZE:11
p105 2021-12-03 | Estonia expressed concern over the Russian military buildup near its border.
    | EST>RUS:11
p106 2022-08-03 | China slams US over Taiwan arms sale | CHN>USA:11
# 12 reject
p110 2019-01-05 | Taiwan rejected China's proposal for unification. | TWN>CHN:12
p111 2023-12-04 | Guyana dismissed Venezuela's claim to the Essequibo region. | GUY>VEN:12
p112 2018-06-14 | Italy refused to let a rescue ship carrying migrants dock, leaving Malta to
    take them. | ?ITA-MLT
# 13 threaten
p120 2017-08-09 | North Korea threatened to strike American bases on Guam. | PRK>USA:13
p121 2023-09-05 | China warned the Philippines against further provocations. | CHN>PHL:13
p122 2024-04-10 | Iran threatened Israel with a crushing response. | IRN>ISR:13
# 14 protest
p130 2016-07-13 | Hundreds of Indonesians rallied outside the Chinese embassy in Jakarta. |
    IDN>CHN:14
p131 2019-08-15 | Protesters in Seoul burned Japanese flags. | KOR>JPN:14
p132 2020-10-30 | Pakistani students marched to the French consulate to protest the cartoons. |
    PAK>FRA:14
# 15 force posture
p140 2022-08-04 | Chinese missiles landed in Japan's exclusive economic zone during drills. |
    CHN>JPN:15|19|18
p141 2021-11-12 | Russia massed troops along the Ukrainian border. | RUS>UKR:15
p142 2023-04-09 | Chinese warplanes entered Taiwan's air defence identification zone. | CHN>TWN:15
p143 2020-06-19 | India put its troops along the Chinese frontier on high alert. | IND>CHN:15
p144 2023-07-10 | Israel held military drills near the Lebanese border. | ISR>LBN:15
p145 2019-09-24 | Two Russian bombers flew over the Sea of Japan, prompting Japan to scramble
    fighter jets. | ?RUS-JPN
p146 2023-01-20 | A Chinese drone hit a fishing boat in Philippine waters. | CHN>PHL:19|17|18
# 16 reduce relations
p150 2023-07-27 | Niger expelled the French ambassador. | NER>FRA:16|17
p151 2019-07-04 | Japan tightened export controls on three chemicals essential to South Korea's
    chip industry. | JPN>KOR:16|17
p152 2021-05-06 | Morocco recalled its ambassador from Germany. | MAR>DEU:16
p153 2017-06-05 | Bahrain severed diplomatic ties with Qatar. | BHR>QAT:16
p154 2018-03-08 | Washington imposed tariffs on Chinese steel. | USA>CHN:16
p155 2013-08-19 | The United States suspended military aid to Egypt. | USA>EGY:16
p156 2022-03-01 | Germany halted the certification of the Nord Stream 2 pipeline with Russia. |
    ?DEU-RUS
# 17 coerce
p160 2018-12-06 | Canadian authorities arrested a Chinese executive at the request of the
    United States. | CAN>CHN:17; ?CAN-USA
p161 2019-09-06 | Russian border guards detained two Estonian citizens. | RUS>EST:17
p162 2019-07-20 | Iran seized a British-flagged tanker in the Strait of Hormuz. | IRN>GBR:17
p163 2023-12-10 | Chinese coast guard ships fired water cannon at a Philippine supply boat. |
    CHN>PHL:17
p164 2018-01-15 | Kuwait deported hundreds of Egyptian workers. | KWT>EGY:17
p165 2019-07-21 | Two Thai fishing boats were seized by the Myanmar navy. | MMR>THA:17
p166 2022-11-25 | Iran seizes Greek tankers in Gulf | IRN>GRC:17
# 18 assault
p170 2018-03-05 | Russian agents poisoned a former spy in Britain. | RUS>GBR:18|20
p171 2020-06-16 | Chinese soldiers killed twenty Indian troops in the Galwan Valley. |
    CHN>IND:18|19
p172 2021-05-04 | Gunmen killed two Chinese engineers in Pakistan. | -
# 19 fight
p180 2024-01-12 | Israeli jets struck targets in southern Lebanon overnight. | ISR>LBN:19
p181 2022-05-17 | Russian forces shelled the Ukrainian city of Kharkiv. | RUS>UKR:19
p182 2024-03-13 | Ukrainian drones hit an oil refinery in Russia's Krasnodar region. | UKR>RUS:19
p183 2021-05-12 | Azerbaijani and Armenian troops exchanged fire along the border. |
    AZE>ARM:19; ARM>AZE:19
p184 2011-02-05 | Thai and Cambodian soldiers clashed near the disputed temple. | THA>KHM:19;
    KHM>THA:19
p185 2022-04-16 | Pakistan carried out airstrikes inside Afghanistan. | PAK>AFG:19
p186 2015-11-24 | Turkey shot down a Russian warplane near the Syrian border. | TUR>RUS:19
p187 2016-10-08 | A Turkish drone was shot down by Russian air defences over Syria. |
    RUS>TUR:19; ?TUR-SYR
p188 2024-02-17 | The Kremlin said Russian troops had captured the Ukrainian town of Avdiivka.
    | RUS>UKR:19|17
p189 2020-01-08 | Iran fired missiles at two bases in Iraq housing American troops. |
    IRN>IRQ:19; ?IRN-USA
# 20 unconventional mass violence
p190 2022-04-04 | Russian troops massacred civilians in the Ukrainian town of Bucha. |
    RUS>UKR:20|18
p191 1988-03-20 | Iraq used mustard gas against Iranian troops. | IRQ>IRN:20
# syntax: coordination, temporal clauses, participles, relative clauses
p200 2016-09-14 | India and Japan held talks and signed a civil nuclear deal. | IND>JPN:04;
    JPN>IND:05
p201 2023-10-23 | Manila summoned China's ambassador after Chinese ships blocked a Philippine
    resupply mission. | PHL>CHN:11; ?CHN-PHL
p202 2021-09-17 | France recalled its ambassadors from Washington and Canberra, protesting the
    submarine deal. | FRA>USA:16; FRA>AUS:16
p203 2020-11-09 | Moscow deployed peacekeepers to Nagorno-Karabakh after brokering a ceasefire
    between Armenia and Azerbaijan. | ?RUS-ARM; ?RUS-AZE; ?ARM-AZE
p204 2022-12-20 | Greece and Cyprus, which both border Turkey, condemned Ankara's drilling
    plans. | GRC>TUR:11; CYP>TUR:11
p205 2014-03-18 | Meeting in Brussels, European and Canadian officials condemned Russia's
    annexation of Crimea. | CAN>RUS:11
# longer news sentences
p300 2019-07-23 | South Korea's foreign ministry on Tuesday summoned a senior Japanese diplomat
    to protest Tokyo's renewed claim to the islets. | KOR>JPN:11
p301 2022-08-01 | Beijing has repeatedly warned Washington not to cross its red lines on
    Taiwan. | CHN>USA:13
p302 2014-05-20 | Following the collision, Vietnam's foreign ministry demanded compensation
    from China. | VNM>CHN:10
p303 2019-06-23 | Tehran on Sunday accused Washington of waging economic war against the
    Iranian people. | IRN>USA:11
p304 2022-05-18 | Speaking in Ankara, the Turkish president vowed to block Finland's NATO
    membership. | TUR>FIN:12|13
p305 2022-05-12 | Pyongyang fired two short-range ballistic missiles into the sea off its east
    coast on Thursday, the South Korean military said. | -
p306 2023-03-17 | Chinese President Xi Jinping will travel to Moscow next week for talks with
    Vladimir Putin, the Kremlin said. | CHN>RUS:03
p307 2022-09-09 | Indian and Chinese troops have disengaged from a flashpoint in the western
    Himalayas. | IND>CHN:08; CHN>IND:08
p308 2023-10-09 | The Israeli military said it had struck Hezbollah targets in Lebanon in
    response to rocket fire. | ISR>LBN:19
p309 2023-06-05 | Germany's chancellor hosted his French counterpart for dinner in Berlin. |
    DEU>FRA:04
p310 2015-08-06 | Russia has banned imports of Polish fruit and vegetables. | RUS>POL:16
p311 2019-12-29 | Mexico granted asylum to Bolivia's former president. | MEX>BOL:07
p312 2023-07-14 | Brazil's foreign minister met with his Argentine counterpart on the sidelines
    of the summit. | BRA>ARG:04
p313 2023-02-13 | The Philippines filed a diplomatic protest over the Chinese coast guard's use
    of a military-grade laser. | PHL>CHN:11
p314 2018-07-09 | Ethiopia and Eritrea signed a peace agreement in Saudi Arabia's Jeddah. |
    ETH>ERI:05
p315 2020-10-26 | Beijing retaliated by sanctioning seven U.S. defense firms. | CHN>USA:16
p316 2022-01-06 | Kazakhstan's president called Putin to discuss the unrest. | KAZ>RUS:04
p317 2008-03-03 | Colombian troops crossed into Venezuela in pursuit of guerrillas. | COL>VEN:19|15
p318 2022-12-09 | The U.S. Treasury sanctioned three North Korean officials over human rights
    abuses. | USA>PRK:16
p319 2014-05-07 | Hanoi protested Beijing's deployment of an oil rig in disputed waters. |
    VNM>CHN:11
p320 2019-08-21 | Denmark's prime minister rejected Trump's offer to buy Greenland. | DNK>USA:12
p321 2023-11-02 | Lebanon's army fired at Israeli drones that had crossed into its airspace. |
    LBN>ISR:19; ?ISR-LBN
p322 2024-01-23 | Turkey's parliament approved Sweden's bid to join NATO. | TUR>SWE:05|08|03
p323 2024-12-27 | France handed over control of its last military base in Chad. | FRA>TCD:08
p324 2022-05-30 | Israeli police detained a Turkish journalist in Jerusalem. | ISR>TUR:17
p325 2023-04-19 | Australia's foreign minister flew to Beijing on Tuesday, the first such visit
    in four years. | AUS>CHN:04
p326 2023-03-14 | North Korea's state media slammed the joint drills by South Korea and the
    United States as a rehearsal for invasion. | PRK>KOR:11; PRK>USA:11
p327 2023-07-28 | Ukrainian forces pushed Russian troops back from the outskirts of Kharkiv. |
    UKR>RUS:19
p328 2023-06-07 | Iran and Saudi Arabia reopened their embassies seven years after cutting
    ties. | IRN>SAU:05
p329 2021-04-21 | Seoul lodged a protest after a Japanese minister visited the Yasukuni shrine.
    | KOR>JPN:11
p330 2023-01-09 | Norway will transfer air defence systems to Ukraine. | NOR>UKR:03
p331 2023-04-04 | Moscow threatened retaliation after Finland joined NATO. | RUS>FIN:13
p332 2022-04-18 | Turkish warplanes bombed Kurdish militant positions in northern Iraq. |
    TUR>IRQ:19
p333 2020-01-03 | U.S. forces killed a senior Iranian commander in a drone strike near Baghdad
    airport. | USA>IRN:18|19; ?USA-IRQ
p334 2023-05-02 | The Chinese embassy in Manila protested the detention of Chinese nationals by
    Philippine authorities. | CHN>PHL:11
p335 2020-01-05 | Iraq's parliament voted to expel American troops from the country. |
    IRQ>USA:13|16|17
p336 2023-02-27 | Venezuela ordered the expulsion of Brazil's ambassador. | VEN>BRA:16|17|10
p337 2018-12-06 | Canadian authorities arrested Huawei's chief financial officer at the request
    of the United States. | CAN>CHN:17; ?CAN-USA
p338 2015-10-01 | Chinese and Russian warships sailed together through the Tsugaru Strait,
    Japan's defense ministry said. | ?CHN-RUS; ?CHN-JPN; ?RUS-JPN
# sanctions, supplies and posture in other words
p400 2022-04-06 | The United States hit Russia with new sanctions on Friday. | USA>RUS:16
p401 2022-10-07 | Washington targeted Chinese chipmakers with new export restrictions. | USA>CHN:16
p402 2019-08-10 | China extended an invitation to the Indian foreign minister. | CHN>IND:02|03|04
p403 2020-02-29 | Qatar hosted talks between the United States and the Taliban. | QAT>USA:04
p404 2022-04-27 | Russia cut off gas supplies to Bulgaria and Poland. | RUS>BGR:16; RUS>POL:16
p405 2022-03-10 | Britain froze the assets of Russian oligarchs. | GBR>RUS:16|17
p406 2022-02-27 | Canada banned Russian airlines from its airspace. | CAN>RUS:16
p407 2022-05-24 | Japan scrambled fighter jets to intercept Chinese bombers near Okinawa. |
    JPN>CHN:15
p408 2022-06-10 | Pakistan handed over the captured Indian pilot to India. | PAK>IND:08
p409 2023-01-14 | Iran executed a British-Iranian dual national convicted of spying. | IRN>GBR:18|17
p410 2021-10-18 | Turkish President Recep Tayyip Erdogan phoned Putin on Sunday. | TUR>RUS:04
p411 2022-08-12 | Moscow accused Kyiv of attacking a nuclear plant. | RUS>UKR:11
# reading the complement, the subject and the source's kind
p420 2022-02-20 | Russia said it was not planning to invade Ukraine. | -
p421 2022-02-20 | Japan is considering sanctions against Russia. | -
p422 2022-06-01 | The summit between Putin and Xi is expected next month. | -
p423 2022-08-01 | German tourists flocked to Spain this summer. | -
p424 2022-06-01 | German Chancellor Olaf Scholz said the war in Ukraine must end. | -
p425 2022-06-01 | Scholz said Russian aggression in Ukraine should stop. | DEU>RUS:02
p426 2022-03-10 | Ukrainian refugees arrived in Poland by the thousands. | -
p427 2022-06-01 | The Chinese foreign ministry spokesman refused to comment on the Indian report. |
    CHN>IND:01
p428 2022-05-23 | A Ukrainian court sentenced a Russian soldier to life in prison for killing a
    civilian. | UKR>RUS:17
# passives, "according to", gerunds of time and manner
p440 2019-05-08 | Sanctions were imposed on Iran by the European Union and the United States. |
    USA>IRN:16
p441 2019-05-08 | New tariffs on Chinese goods were announced by Washington on Monday. | USA>CHN:16
p442 2023-09-01 | Two Chinese diplomats were expelled by the Netherlands. | NLD>CHN:16|17
p443 2023-09-01 | The Japanese ambassador was summoned by Beijing. | CHN>JPN:11
p444 2023-02-08 | Aid from Japan arrived in Turkey on Tuesday. | JPN>TUR:07
p445 2023-03-15 | According to the Pentagon, Russian jets intercepted an American drone over the
    Black Sea. | RUS>USA:15|17|19
p446 2023-05-01 | Russia's defence ministry claimed its forces had destroyed a Ukrainian ammunition
    depot. | RUS>UKR:17|19
p447 2023-05-01 | Vietnamese fishermen were attacked by Chinese maritime militia near the Paracel
    Islands. | CHN>VNM:19|18|17
p448 2023-03-22 | After meeting Xi, Putin said relations were at their best. | RUS>CHN:04
p449 2024-01-20 | Officials from Egypt, Qatar and the United States met in Cairo to discuss a
    ceasefire. | EGY>QAT:04; EGY>USA:04; QAT>USA:04
p450 2023-05-01 | India's external affairs minister is visiting Moscow this week. | IND>RUS:04
p451 2023-05-01 | Kenya deported a Turkish national to Turkey. | KEN>TUR:17
p452 2022-06-01 | China's foreign ministry lodged stern representations with the United States over
    the arms sale. | CHN>USA:11
p453 2022-10-24 | Russian President Vladimir Putin congratulated Xi Jinping on his re-election. |
    RUS>CHN:05|01
# sentence-initial names the small model misparses ("X hosted Y" as a noun phrase)
p460 2022-08-05 | Putin hosted Erdogan in Sochi for talks on grain exports. | RUS>TUR:04
p461 2023-08-20 | Lula received Macron in Belem on Tuesday. | BRA>FRA:04
p462 2023-03-16 | Kishida hosted Yoon at his residence in Tokyo. | JPN>KOR:04
p463 2023-05-14 | Scholz hosted Zelensky in Berlin on Sunday. | DEU>UKR:04
# where an actor is based or born is not whose it is; origins count after targets
p470 2005-06-01 | A Damascus-based Palestinian guerrilla group claimed responsibility for attacks
    on Israeli troops from Jordan. | PSE>ISR:01|19
p471 2019-05-01 | The Russian-born Israeli billionaire criticised Britain's visa rules. | ISR>GBR:11
# headlines and opposition
p480 2021-11-16 | Biden, Xi hold virtual summit | USA>CHN:04
p481 2023-03-16 | South Korea's Yoon visits Japan for first summit in 12 years | KOR>JPN:04
p482 2023-03-16 | Japan to lift export curbs on South Korea | JPN>KOR:03
p483 2022-08-02 | China says it opposes US arms sales to Taiwan | CHN>USA:11|12; ?CHN-TWN
p484 2022-09-20 | Pakistan opposes India's bid for a permanent Security Council seat. |
    PAK>IND:12|11
p485 2023-01-03 | Russia expels Estonian ambassador | RUS>EST:16|17
p486 2023-01-13 | The Netherlands restricted exports of chipmaking equipment to China. | NLD>CHN:16
# stated intent, plans and ongoing acts
p490 2023-02-20 | Japan promised to provide $5.5 billion to Ukraine. | JPN>UKR:03
p491 2023-08-25 | Tokyo vowed to retaliate against Beijing's seafood ban. | JPN>CHN:13
p492 2023-09-01 | France offered to host peace talks between Armenia and Azerbaijan. |
    FRA>ARM:03|04; FRA>AZE:03|04
p493 2023-02-07 | Seoul announced it would send humanitarian aid to Turkey. | KOR>TUR:03
p494 2024-02-01 | Norway's prime minister said his country would increase aid to Ukraine. |
    NOR>UKR:03
p495 2023-01-20 | Tehran has been supplying drones to Moscow. | IRN>RUS:06|07
p496 2020-06-09 | Pyongyang cut all communication lines with Seoul. | PRK>KOR:16
p497 2023-09-11 | Hanoi and Washington upgraded their relationship to a comprehensive strategic
    partnership. | VNM>USA:05
p498 2024-08-01 | Seoul lifted its ban on Japanese seafood imports. | KOR>JPN:08
# held out: written after the fixes the cases above led to, scored once before any change
h001 2024-02-14 | Brazilian President Luiz Inacio Lula da Silva compared Israel's campaign in Gaza
    to the Holocaust. | BRA>ISR:11|01
h002 2023-09-13 | Kim Jong Un and Vladimir Putin met at a spaceport in Russia's Far East. |
    PRK>RUS:04
h003 2022-07-15 | Saudi Crown Prince Mohammed bin Salman greeted Biden with a fist bump in Jeddah. |
    SAU>USA:04|05
h004 2023-11-15 | Xi and Biden agreed to resume military-to-military communications at their summit
    in California. | CHN>USA:03
h005 2019-11-23 | Seoul decided to keep its intelligence-sharing pact with Tokyo, reversing its
    earlier decision. | KOR>JPN:03|05
h007 2024-01-04 | Iranian state television blamed Israel and the United States for the twin bombings
    in Kerman. | IRN>ISR:11; IRN>USA:11
h008 2020-01-08 | A Ukraine International Airlines flight was shot down by an Iranian
    missile shortly
    after takeoff from Tehran. | IRN>UKR:19|18
h009 2019-07-10 | Britain said three Iranian boats tried to block a British tanker in the Strait of
    Hormuz. | IRN>GBR:17|19|15
h010 2022-10-04 | North Korea launched a ballistic missile over Japan for the first time in five
    years. | PRK>JPN:15
h011 2021-03-18 | Chinese and American diplomats traded barbs at the start of talks in Alaska. |
    CHN>USA:11; USA>CHN:11
h012 2015-03-10 | Saudi Arabia recalled its ambassador to Sweden after the Swedish foreign minister
    criticised its human rights record. | SAU>SWE:16; SWE>SAU:11
h013 2023-10-12 | Egypt warned Israel that it would not accept the displacement of Palestinians into
    Sinai. | EGY>ISR:13|12
h014 2024-05-28 | Spain, Ireland and Norway formally recognised a Palestinian state on Tuesday. |
    ESP>PSE:05; IRL>PSE:05; NOR>PSE:05
h016 2016-01-04 | Bahrain and Sudan cut diplomatic ties with Iran after protesters stormed the Saudi
    embassy in Tehran. | BHR>IRN:16; SDN>IRN:16; IRN>SAU:14|17|18
h017 2018-05-08 | Trump withdrew the United States from the Iran nuclear deal. | USA>IRN:16|12
h018 2022-02-24 | Russian troops poured into Ukraine from the north, east and south. | RUS>UKR:19
h019 2019-10-09 | Turkey launched a military offensive against Kurdish forces in
    northeastern Syria. |
    TUR>SYR:19
h020 2020-07-22 | The United States ordered China to close its consulate in Houston. | USA>CHN:10|16
h021 2020-07-24 | China ordered the closure of the U.S. consulate in Chengdu in retaliation. |
    CHN>USA:16|10
h022 2017-09-03 | North Korea conducted its sixth nuclear test. | -
h023 2023-06-18 | Blinken arrived in Beijing for talks with Chinese officials. | USA>CHN:04
h024 2018-06-12 | Trump and Kim Jong Un signed a joint statement at their summit in Singapore. |
    USA>PRK:05|04
h025 2019-09-16 | Yemen's Houthi rebels claimed responsibility for drone attacks on Saudi oil
    facilities. | YEM>SAU:01|19
h027 2022-09-27 | Explosions damaged the Nord Stream pipelines under the Baltic Sea. | -
h028 2020-08-05 | Japan expressed solidarity with Lebanon after the massive explosion in
    Beirut's port.
    | JPN>LBN:05|01
h030 2021-08-30 | The last American troops left Afghanistan, ending a 20-year war. | USA>AFG:08
h032 2019-08-22 | South Korea scrapped its military intelligence-sharing pact with Japan. |
    KOR>JPN:16
h033 2017-01-28 | Iraq's parliament approved a reciprocal travel ban on Americans. | IRQ>USA:16
h034 2023-08-02 | The Polish government summoned Belarus's charge d'affaires after two Belarusian
    helicopters violated Polish airspace. | POL>BLR:11; BLR>POL:15
h035 2023-03-21 | Japanese Prime Minister Fumio Kishida made a surprise visit to Kyiv on Tuesday. |
    JPN>UKR:04
h036 2022-11-15 | A missile landed in a Polish village near the Ukrainian border, killing
    two people.
    | -
h037 2024-04-14 | Iran launched hundreds of drones and missiles at Israel overnight. | IRN>ISR:19
h038 2021-07-03 | Chinese authorities detained a Canadian citizen on suspicion of endangering
    national security. | CHN>CAN:17
h039 2018-11-26 | Russian coast guard vessels rammed and fired on three Ukrainian navy ships
    near the
    Kerch Strait. | RUS>UKR:17|19
h040 2019-04-25 | Putin hosted Kim Jong Un for their first summit in Vladivostok. | RUS>PRK:04
h041 2023-08-24 | China banned all seafood imports from Japan after Tokyo began releasing treated
    water from the Fukushima plant. | CHN>JPN:16
h043 2024-03-25 | Ukraine's foreign minister urged allies to send more Patriot systems to Kyiv. | -
h044 2022-12-13 | Chinese and Indian troops clashed along their disputed border in the
    Tawang sector.
    | CHN>IND:19; IND>CHN:19
h045 2023-05-21 | Zelensky thanked Biden for a new package of military aid. | UKR>USA:05|01
h046 2016-02-07 | South Korea and the United States agreed to begin formal talks on deploying the
    THAAD system. | KOR>USA:03
h047 2020-11-30 | Australia condemned a doctored image posted by a Chinese official, demanding an
    apology from Beijing. | AUS>CHN:11; AUS>CHN:10
h048 2013-11-23 | China declared an air defense identification zone over the East China Sea,
    drawing protests from Japan. | JPN>CHN:11; ?CHN-JPN
h049 2018-03-26 | More than 20 countries expelled Russian diplomats in solidarity with Britain. | -
h050 2018-03-26 | The United States expelled 60 Russian diplomats and closed the Russian
    consulate in
    Seattle. | USA>RUS:16|17
h051 2023-02-04 | A U.S. fighter jet shot down the Chinese surveillance balloon off the coast of
    South Carolina. | USA>CHN:19|17
h052 2024-07-08 | Indian Prime Minister Narendra Modi arrived in Moscow for talks with Putin. |
    IND>RUS:04
h054 2019-05-10 | Washington raised tariffs on $200 billion worth of Chinese goods. | USA>CHN:16
h056 2015-11-07 | Xi Jinping and Ma Ying-jeou shook hands in Singapore in the first meeting of
    leaders of the two sides. | CHN>TWN:04
h057 2022-08-05 | China suspended cooperation with the United States on climate change over Pelosi's
    visit to Taiwan. | CHN>USA:16; ?USA-TWN
h058 2019-06-20 | Iran shot down an American surveillance drone over the Strait of Hormuz. |
    IRN>USA:19
h059 2023-01-25 | Germany agreed to send Leopard 2 tanks to Ukraine. | DEU>UKR:03
h061 2022-06-10 | The Solomon Islands refused permission for a U.S. coast guard ship to make a port
    call. | SLB>USA:12
h062 2021-04-13 | South Korea protested Japan's decision to release contaminated water into the
    ocean. | KOR>JPN:11
h063 2020-05-28 | Beijing imposed a national security law on Hong Kong. | -
h064 2014-03-01 | Russian troops seized airports and government buildings in Crimea. | RUS>UKR:19|17
# held out, second round: written after all changes, scored once, never fixed against
j001 2018-09-19 | Moon Jae-in crossed into North Korea for a three-day summit in Pyongyang. |
    KOR>PRK:04
j002 2021-06-13 | G7 leaders criticised China over human rights in Xinjiang and Hong Kong. | -
j003 2024-06-19 | Putin and Kim Jong Un signed a mutual defence treaty in Pyongyang. |
    RUS>PRK:05
j004 2019-12-02 | Chinese state media accused the United States of meddling in Hong Kong. |
    CHN>USA:11
j005 2022-10-08 | An explosion damaged the bridge linking Russia to Crimea. | -
j006 2023-07-21 | Turkish drones struck Kurdish militant targets in northern Iraq. | TUR>IRQ:19
j007 2020-09-29 | Armenia said Turkish F-16 jets shot down one of its warplanes. | TUR>ARM:19
j008 2023-11-30 | Venezuela held a referendum on its claim to a disputed region of Guyana. | -
j009 2022-05-10 | Finland's president told Putin by phone that Finland would apply to join NATO. |
    FIN>RUS:01|04
j010 2017-03-07 | Malaysia expelled North Korea's ambassador over the killing of Kim Jong Nam. |
    MYS>PRK:16|17
j011 2019-04-12 | Kuwaiti and Saudi officials discussed the neutral zone oil fields in Riyadh. |
    KWT>SAU:04
j012 2021-12-10 | Nicaragua cut ties with Taiwan and recognised Beijing. |
    NIC>TWN:16; NIC>CHN:05
j013 2023-06-02 | A Chinese warship sailed within 150 yards of an American destroyer in the Taiwan
    Strait. | CHN>USA:15
j014 2016-09-09 | South Korea condemned the North's fifth nuclear test. | ?KOR-PRK
j015 2023-10-28 | Jordan recalled its ambassador from Israel in protest at the war in Gaza. |
    JOR>ISR:16
j016 2022-02-26 | Germany reversed its policy and agreed to send anti-tank weapons to Ukraine. |
    DEU>UKR:03|07
j017 2020-06-05 | Australia and India signed a logistics agreement allowing their militaries to use
    each other's bases. | AUS>IND:05
j018 2023-04-07 | Taiwan said it tracked 42 Chinese warplanes crossing the median line. |
    CHN>TWN:15
j019 2024-03-22 | Gunmen attacked a concert hall near Moscow, killing more than 130 people. | -
j020 2022-11-14 | Biden and Xi met for three hours on the sidelines of the G20 in Bali. | USA>CHN:04
j021 2023-06-16 | The Ukrainian army liberated several villages in the Zaporizhzhia region. |
    ?UKR-RUS
j022 2021-11-08 | Belarus pushed thousands of migrants toward the Polish border. | BLR>POL:15|17
j023 2018-08-10 | Trump doubled tariffs on Turkish steel and aluminium. | USA>TUR:16
j024 2024-01-16 | Pakistan recalled its ambassador from Iran after Iranian missiles struck targets
    in Balochistan. | PAK>IRN:16; IRN>PAK:19
j025 2019-06-13 | Two tankers were attacked in the Gulf of Oman, and Washington blamed Iran. |
    USA>IRN:11
j026 2020-04-22 | Iran's Revolutionary Guards launched the country's first military satellite. | -
j027 2023-09-12 | Kim Jong Un arrived in Russia by armoured train for talks with Putin. |
    PRK>RUS:04
j028 2022-08-29 | Serbia and Kosovo reached an agreement on travel documents under EU mediation. |
    SRB>XKX:05
j029 2021-01-26 | Chinese and Indian troops clashed again in Sikkim. | CHN>IND:19; IND>CHN:19
j030 2018-07-16 | Trump sided with Putin over his own intelligence agencies at their Helsinki
    summit. | USA>RUS:05|04
# held out, third round (places, companies, bare surnames): written before the changes they
# test and scored once before them
k001 2022-04-08 | Russian missiles struck a railway station in Kramatorsk, killing dozens. |
    RUS>UKR:19|18|20
k002 2022-03-09 | Russian forces shelled a maternity hospital in Mariupol. | RUS>UKR:19|18|20
k003 2022-10-10 | Russia launched missile strikes on Kyiv and Kharkiv. | RUS>UKR:19
k004 2023-11-01 | Israeli airstrikes hit a refugee camp in Gaza. | ISR>PSE:19|18|20
k005 2017-08-09 | North Korea threatened to fire missiles at Guam. | PRK>USA:13
k006 2023-06-28 | Vietnam's prime minister visited Shanghai for an investment forum. | VNM>CHN:04
k007 2019-06-26 | Indian Prime Minister Narendra Modi travelled to Osaka for talks with
    Shinzo Abe. | IND>JPN:04
k008 2024-01-16 | Iranian missiles struck targets in Balochistan. | IRN>PAK:19
k009 2023-06-07 | Russian shelling hit Kherson after the dam collapsed. | RUS>UKR:19
k010 2010-11-23 | North Korean artillery shelled Yeonpyeong Island. | PRK>KOR:19
k011 2021-05-11 | Palestinian militants fired rockets at Tel Aviv. | PSE>ISR:19|18|20
k012 2015-11-20 | Chinese President Xi Jinping toured Lahore and Karachi. | CHN>PAK:04
k013 2012-09-11 | Japan bought three of the Senkaku Islands from a private owner. | -
k014 2023-03-30 | Chinese warships held drills near the Paracel Islands. | -
k015 2019-10-16 | Pakistani troops shelled villages in Kashmir, Indian officials said. | ?PAK-IND
k016 2018-11-06 | Chinese tourists crowded the beaches of Jeju. | -
k017 2014-05-02 | Dozens died in a fire in Odesa during clashes between rival groups. | -
k018 2023-09-14 | Putin praised the Chinese economy in a speech in Vladivostok. | -
k019 2020-01-08 | Iran fired ballistic missiles at bases in Erbil housing American troops. |
    IRN>IRQ:19|20; ?IRN-USA
k020 2022-08-04 | Chinese missiles flew over Taipei and landed near Okinawa. | CHN>JPN:15|19;
    ?CHN-TWN
k021 2019-05-15 | The United States blacklisted Huawei. | USA>CHN:16
k022 2018-04-16 | The United States banned American firms from selling parts to ZTE. | USA>CHN:16
k023 2019-07-04 | Japan restricted exports of chip materials to Samsung and SK Hynix. | JPN>KOR:16
k024 2022-05-16 | Gazprom cut gas supplies to Poland. | RUS>POL:16
k025 2018-12-06 | Canada arrested Huawei's chief financial officer at the request of the United
    States. | CAN>CHN:17|16; ?CAN-USA
k026 2021-04-10 | Chinese regulators fined Alibaba a record sum. | -
k027 2020-05-15 | The U.S. Commerce Department cut Huawei off from global chip suppliers. |
    USA>CHN:16
k028 2023-08-01 | Toyota opened a new factory in Kentucky. | -
k029 2018-06-12 | Trump and Kim signed a joint statement in Singapore. | USA>PRK:05|04|03; ?USA-SGP
k030 2019-02-28 | Kim left Hanoi after talks with Trump collapsed. | ?PRK-VNM
k031 2017-03-15 | Xi received Tillerson in Beijing. | CHN>USA:04
k032 2019-06-30 | Moon welcomed Trump at the Blue House. | KOR>USA:04|05
k033 2022-02-04 | Xi hosted Putin in Beijing before the Winter Olympics. | CHN>RUS:04
k034 2023-08-18 | Kim watched the launch of a new cruise missile. | -
k035 2021-11-16 | Biden pressed Xi on Taiwan during a virtual summit. | USA>CHN:02|04|10|11
k036 2019-04-25 | Kim and Putin met in Vladivostok. | PRK>RUS:04
# round l: written after the conventions option, scored once before any change it led to
l001 2016-09-09 | Seoul and Washington condemned North Korea's fifth nuclear test. |
    KOR>PRK:11; USA>PRK:11
l002 2021-11-15 | Biden and Xi held a virtual summit on Monday. | USA>CHN:04
l003 2022-09-27 | Denmark said explosions damaged the Nord Stream pipelines, but it did not
    blame any country. | -
l004 2020-01-03 | A U.S. drone strike killed Iranian general Qassem Soleimani at Baghdad
    airport. | USA>IRN:18|19; ?USA-IRQ
l005 2023-10-05 | Armenia recalled its ambassador from Moscow for consultations. | ARM>RUS:16
l006 2019-11-28 | Beijing summoned the U.S. ambassador to protest against the signing of the
    Hong Kong bill. | CHN>USA:11
l007 2024-02-14 | Greek coast guard vessels rescued 40 migrants off Lesbos. | -
l008 2018-06-12 | Singapore hosted the first summit between the leaders of the United States
    and North Korea. | USA>PRK:04; ?SGP-USA; ?SGP-PRK
l009 2022-08-04 | Chinese missiles landed in Japan's exclusive economic zone during the drills,
    Tokyo said. | CHN>JPN:15|18|19
l010 2017-08-09 | Trump warned North Korea that it would face fire and fury if it threatened
    the United States. | USA>PRK:13
l011 2021-02-01 | Myanmar's military detained Aung San Suu Kyi and seized power. | -
l012 2019-05-10 | The United States raised tariffs on $200 billion of Chinese goods. |
    USA>CHN:16|17
l013 2022-03-02 | The UN General Assembly voted to condemn Russia's invasion of Ukraine. | -
l014 2015-12-28 | Japan and South Korea reached an agreement on the comfort women issue. |
    JPN>KOR:03|04|05
l015 2023-07-11 | Turkey dropped its objection to Sweden joining NATO. | TUR>SWE:08|05
l016 2020-06-16 | North Korea blew up the inter-Korean liaison office in Kaesong. |
    PRK>KOR:17|18|19
l017 2024-04-14 | Iran launched hundreds of drones and missiles at Israel overnight. |
    IRN>ISR:19|18
l018 2018-03-26 | More than 20 countries expelled Russian diplomats over the poisoning of
    Sergei Skripal. | -
l019 2018-03-14 | Britain expelled 23 Russian diplomats over the Salisbury poisoning. |
    GBR>RUS:16|17
l020 2022-10-01 | Kyiv accused Moscow of staging sham referendums in occupied regions. |
    UKR>RUS:11
l021 2019-08-02 | Washington formally withdrew from the INF treaty with Moscow, blaming Russian
    violations. | USA>RUS:16|12; USA>RUS:11
l022 2021-06-13 | G7 leaders pledged a billion vaccine doses to poorer countries. | -
l023 2023-11-15 | Xi told Biden that Taiwan was the most dangerous issue in their relations. |
    CHN>USA:01
l024 2017-09-03 | North Korea said it had successfully tested a hydrogen bomb. | -
l025 2016-01-03 | Saudi Arabia cut diplomatic ties with Iran after protesters stormed its
    embassy in Tehran. | SAU>IRN:16; ?IRN-SAU
l026 2019-06-20 | Iran shot down a U.S. surveillance drone over the Strait of Hormuz. |
    IRN>USA:19|18|17
l027 2024-03-07 | Sweden formally joined NATO on Thursday. | -
l028 2020-09-15 | The United Arab Emirates and Bahrain signed accords normalising relations
    with Israel at the White House. | ARE>ISR:05; BHR>ISR:05; ?USA-ARE; ?USA-BHR; ?USA-ISR
l029 2023-08-24 | China banned all seafood imports from Japan after Tokyo began releasing
    treated water from Fukushima. | CHN>JPN:16|17
l030 2021-04-13 | Russian President Vladimir Putin proposed a meeting with Ukraine's leader in
    Moscow. | RUS>UKR:03
l031 2019-01-10 | Japanese and South Korean officials failed to agree on compensation for
    wartime laborers. | -
l032 2019-08-15 | South Korean activists protested outside the Japanese embassy in Seoul. |
    KOR>JPN:14
l033 2020-11-27 | Iran blamed Israel for the killing of its top nuclear scientist. | IRN>ISR:11
l034 2019-12-17 | Malaysia's navy intercepted a Chinese coast guard ship near Luconia Shoals. |
    MYS>CHN:15|17
l035 2021-09-15 | Australia, Britain and the United States announced a security pact. |
    AUS>GBR:03|05|06; AUS>USA:03|05|06; GBR>USA:03|05|06
l036 2023-02-21 | Putin suspended Russia's participation in the New START treaty with the
    United States. | RUS>USA:16|12
l037 2018-10-26 | Abe and Xi agreed to a currency swap worth $30 billion. | JPN>CHN:03|05|06
l038 2022-11-18 | Pyongyang fired an ICBM that landed inside Japan's exclusive economic zone. |
    PRK>JPN:15|18|19
l039 2024-07-09 | Hungary's prime minister Viktor Orban visited Beijing days after a trip to
    Moscow. | HUN>CHN:04; ?HUN-RUS
l040 2016-12-02 | Trump spoke by telephone with Taiwan's president Tsai Ing-wen, angering
    Beijing. | USA>TWN:04; ?USA-CHN
l041 2017-05-14 | No talks took place between India and Pakistan during the summit. | -
l042 2020-01-08 | Iran may retaliate against American forces in the region, analysts said. | -
l043 2014-03-18 | Russia annexed Crimea from Ukraine. | RUS>UKR:17|19
l044 2024-01-30 | Jordan said it had not been targeted by the drone that killed three American
    soldiers. | -
l045 2022-06-29 | NATO invited Finland and Sweden to join the alliance. | -
l046 2019-09-14 | The United States blamed Iran for drone attacks on Saudi oil facilities. |
    USA>IRN:11; ?IRN-SAU
l047 2020-10-10 | Armenia and Azerbaijan agreed to a ceasefire in talks mediated by Russia. |
    ARM>AZE:03|04|05|08; ?RUS-ARM; ?RUS-AZE
l048 2018-11-30 | Ukraine banned Russian men aged 16 to 60 from entering the country. |
    UKR>RUS:16|17
l049 2021-07-21 | Germany and the United States reached a deal on the Nord Stream 2 pipeline. |
    DEU>USA:03|05
l050 2016-07-12 | Beijing rejected the tribunal's ruling on the South China Sea. | -
# round m: longer news sentences with several clauses, scored once before any change
m001 2019-07-23 | Russian and Chinese military aircraft entered South Korea's air defence
    identification zone on Tuesday, prompting Seoul to scramble fighter jets and fire warning
    shots at a Russian plane, the defence ministry said. | RUS>KOR:15|17|19; CHN>KOR:15|17|19;
    KOR>RUS:15|17|18|19
m002 2020-06-17 | India said on Wednesday that 20 of its soldiers were killed in a clash with
    Chinese troops in the Galwan Valley, the deadliest confrontation between the two sides in
    decades. | CHN>IND:19|18; ?IND-CHN
m003 2018-09-19 | North Korean leader Kim Jong Un agreed on Wednesday to dismantle a key missile
    site in the presence of international experts, South Korean President Moon Jae-in said
    after talks in Pyongyang. | ?KOR-PRK; ?PRK-KOR
m004 2022-08-02 | China's foreign ministry summoned the U.S. ambassador late on Tuesday to
    lodge a stern protest over House Speaker Nancy Pelosi's visit to Taiwan. | CHN>USA:11;
    ?USA-TWN
m005 2023-03-21 | Japanese Prime Minister Fumio Kishida made a surprise visit to Kyiv on
    Tuesday, where he met Ukrainian President Volodymyr Zelensky and pledged continued
    support. | JPN>UKR:04|03|05
m006 2021-03-18 | Top U.S. and Chinese diplomats traded sharp rebukes in Anchorage on Thursday
    in their first face-to-face talks since President Joe Biden took office. | USA>CHN:11|04;
    CHN>USA:11|04
m007 2017-04-07 | The United States fired dozens of cruise missiles at a Syrian air base on
    Friday in retaliation for a deadly chemical weapons attack, drawing condemnation from
    Russia. | USA>SYR:19|18|20; ?RUS-USA
m008 2019-07-04 | British Royal Marines seized an Iranian oil tanker off Gibraltar on suspicion
    of carrying oil to Syria in breach of EU sanctions. | GBR>IRN:17; ?IRN-SYR
m009 2019-07-19 | Iran's Revolutionary Guards said they had captured a British-flagged tanker
    in the Strait of Hormuz. | IRN>GBR:17
m010 2024-10-01 | Iran fired about 180 ballistic missiles at Israel on Tuesday, and the Israeli
    military said most were intercepted. | IRN>ISR:19|18|20
m011 2023-10-14 | Chinese Foreign Minister Wang Yi told his Saudi counterpart in a phone call
    that Israel's actions had gone beyond self-defence. | CHN>SAU:04|01; ?CHN-ISR
m012 2016-07-12 | An international tribunal ruled on Tuesday that China has no historic rights
    to the South China Sea, a decision Beijing rejected as null and void. | -
m013 2020-11-15 | China and Japan joined 13 other Asia-Pacific countries in signing the world's
    largest free trade agreement on Sunday. | CHN>JPN:05|06
m014 2018-03-08 | Trump ordered tariffs of 25 percent on steel imports, angering allies such as
    Canada and the European Union. | ?USA-CAN
m015 2022-02-26 | Germany reversed its long-standing policy on Saturday and said it would send
    anti-tank weapons and Stinger missiles to Ukraine. | DEU>UKR:03|06|07
m016 2019-10-09 | Turkey launched a military offensive against Kurdish forces in northeast Syria
    on Wednesday, days after the United States pulled its troops back from the border. |
    TUR>SYR:19; ?USA-SYR
m017 2023-04-08 | China's military began three days of exercises around Taiwan on Saturday after
    President Tsai Ing-wen met U.S. House Speaker Kevin McCarthy in California. |
    CHN>TWN:15; TWN>USA:04
m018 2021-05-10 | Hamas militants in Gaza fired rockets toward Jerusalem on Monday, and Israel
    responded with air strikes on the territory. | ISR>PSE:19|18; ?PSE-ISR
m019 2018-04-14 | The United States, Britain and France launched strikes against Syrian chemical
    weapons facilities early on Saturday. | USA>SYR:19|18; GBR>SYR:19|18; FRA>SYR:19|18
m020 2017-02-13 | Kim Jong Nam, the half-brother of North Korea's leader, was killed at Kuala
    Lumpur airport by two women who smeared a nerve agent on his face. | -
m021 2020-04-15 | Beijing accused Washington of trying to shift the blame for the pandemic after
    Trump halted funding to the World Health Organization. | CHN>USA:11
m022 2022-07-08 | Former Japanese Prime Minister Shinzo Abe was shot dead while giving a
    campaign speech in the city of Nara. | -
m023 2019-11-23 | South Korea decided at the last minute to stay in an intelligence-sharing pact
    with Japan, averting the collapse of a key security arrangement. | KOR>JPN:03|05|08
m024 2018-07-06 | The United States and China imposed tariffs on $34 billion of each other's
    goods on Friday, firing the opening shots in a trade war. | USA>CHN:16|17; CHN>USA:16|17
m025 2023-06-18 | Blinken arrived in Beijing on Sunday for talks aimed at easing tensions, the
    first visit by a U.S. secretary of state in five years. | USA>CHN:04
m026 2014-07-17 | A Malaysian airliner was shot down over eastern Ukraine, killing all 298 people
    on board. | -
m027 2022-09-21 | Putin ordered Russia's first mobilisation since World War Two and threatened to
    use nuclear weapons if the West did not back off. | -
m028 2019-08-28 | Japan removed South Korea from its list of trusted trading partners,
    escalating a dispute rooted in wartime history. | JPN>KOR:16|17
m029 2016-01-16 | Sanctions on Iran were lifted on Saturday after the UN nuclear watchdog
    confirmed that Tehran had met its commitments under the nuclear deal. | -
m030 2021-08-30 | The last American troops left Afghanistan on Monday, ending a 20-year war. |
    USA>AFG:08
m031 2018-05-08 | Trump announced that the United States would withdraw from the Iran nuclear
    deal and reimpose sanctions on Tehran. | USA>IRN:12|13|16
m032 2024-06-19 | Putin and Kim Jong Un signed a mutual defence pact in Pyongyang on Wednesday. |
    RUS>PRK:05|06
m033 2019-12-24 | Chinese President Xi Jinping received South Korean President Moon Jae-in in
    Beijing, where the two leaders discussed stalled nuclear talks with North Korea. |
    CHN>KOR:04; ?KOR-PRK; ?CHN-PRK
m034 2020-05-28 | China's parliament approved a national security law for Hong Kong, drawing
    criticism from Britain and the United States. | ?GBR-CHN; ?USA-CHN
m035 2017-09-19 | Trump told the UN General Assembly that the United States would totally
    destroy North Korea if forced to defend itself. | USA>PRK:13
m036 2022-05-18 | Finland and Sweden formally applied to join NATO on Wednesday, abandoning
    decades of military non-alignment. | -
m037 2018-04-27 | The leaders of North and South Korea pledged to work toward the complete
    denuclearisation of the peninsula at their first summit in more than a decade. |
    PRK>KOR:03|04|05
m038 2019-02-27 | Pakistan said it had shot down two Indian military jets in its airspace and
    captured a pilot. | PAK>IND:17|18|19
m039 2015-11-24 | Turkey shot down a Russian warplane near the Syrian border, the first time a
    NATO member had downed a Russian military aircraft in half a century. | TUR>RUS:17|18|19
m040 2021-04-16 | Biden and Suga issued a joint statement on Friday that mentioned Taiwan for
    the first time since 1969, angering Beijing. | USA>JPN:01|04|05; ?USA-CHN; ?JPN-CHN;
    ?USA-TWN; ?JPN-TWN
# round n: recognition, aid, trade, law, cyber, travel; scored once before any change
n001 2023-03-26 | Honduras switched diplomatic recognition from Taiwan to China on Sunday. |
    HND>CHN:05; HND>TWN:16
n002 2021-12-10 | Nicaragua broke off diplomatic relations with Taiwan and recognised Beijing. |
    NIC>TWN:16; NIC>CHN:05
n003 2022-04-11 | Japan's government approved $300 million in humanitarian aid for Ukraine. |
    JPN>UKR:03|07
n004 2020-07-20 | Britain suspended its extradition treaty with Hong Kong in response to the
    security law imposed by Beijing. | GBR>CHN:16
n005 2021-07-19 | The United States and its allies accused China of carrying out a massive
    cyberattack on Microsoft email servers. | USA>CHN:11
n006 2019-05-15 | Trump signed an executive order barring U.S. companies from using
    telecommunications equipment made by firms posing a national security risk. | -
n007 2017-12-06 | Trump recognised Jerusalem as Israel's capital, reversing decades of U.S.
    policy. | USA>ISR:01|05
n008 2020-03-16 | Seoul sent 50,000 coronavirus test kits to the United Arab Emirates. |
    KOR>ARE:06|07
n009 2022-10-12 | India abstained from a UN vote condemning Russia's annexation of four
    Ukrainian regions. | -
n010 2023-05-21 | Zelensky met Modi on the sidelines of the G7 summit in Hiroshima. | UKR>IND:04;
    ?UKR-JPN; ?IND-JPN
n011 2018-01-01 | Kim Jong Un said in his New Year speech that he had a nuclear button on his desk
    and offered to send a delegation to the Winter Olympics in South Korea. | PRK>KOR:03;
    ?PRK-USA
n012 2019-07-01 | Japan tightened controls on exports of three chemicals to South Korea. |
    JPN>KOR:16|17
n013 2024-05-23 | China's military launched large-scale drills around Taiwan three days after Lai
    Ching-te was sworn in as president. | CHN>TWN:15
n014 2016-03-02 | The UN Security Council unanimously approved tough new sanctions on North
    Korea. | -
n015 2017-06-05 | Saudi Arabia, the United Arab Emirates, Bahrain and Egypt severed ties with
    Qatar, accusing it of supporting terrorism. | SAU>QAT:16; ARE>QAT:16; BHR>QAT:16;
    EGY>QAT:16; SAU>QAT:11; ARE>QAT:11; BHR>QAT:11; EGY>QAT:11
n016 2020-08-06 | Macron visited Beirut two days after a massive explosion devastated the city's
    port. | FRA>LBN:04
n017 2022-11-14 | Biden and Xi met for three hours in Bali on the eve of the G20 summit. |
    USA>CHN:04; ?USA-IDN; ?CHN-IDN
n018 2015-04-02 | Iran and six world powers reached a framework agreement on Tehran's nuclear
    programme in Lausanne. | ?IRN-CHE
n019 2023-01-26 | Germany and the United States announced they would send battle tanks to
    Ukraine. | DEU>UKR:03|06|07; USA>UKR:03|06|07
n020 2022-03-08 | The United States banned imports of Russian oil and gas. | USA>RUS:16
n021 2018-08-24 | Beijing denounced a U.S. decision to impose sanctions on a Chinese military
    agency for buying Russian weapons. | CHN>USA:11; ?CHN-RUS
n022 2019-04-22 | Sri Lanka asked India for help in investigating the Easter Sunday bombings. |
    LKA>IND:02
n023 2024-02-05 | South Africa brought a genocide case against Israel at the International Court
    of Justice. | ZAF>ISR:11
n024 2021-03-22 | The European Union, Britain, Canada and the United States imposed sanctions on
    Chinese officials over abuses in Xinjiang. | GBR>CHN:16; CAN>CHN:16; USA>CHN:16
n025 2020-06-15 | Chinese and Indian soldiers clashed in the Galwan Valley. | CHN>IND:18|19;
    IND>CHN:18|19
n026 2017-03-06 | Malaysia expelled North Korea's ambassador after Pyongyang criticised the
    investigation into Kim Jong Nam's death. | MYS>PRK:16|17; PRK>MYS:11
n027 2018-11-25 | Russian border guards fired on and seized three Ukrainian navy vessels near the
    Kerch Strait. | RUS>UKR:17|18|19
n028 2023-09-13 | Kim Jong Un travelled to Russia's Far East for a summit with Putin. |
    PRK>RUS:04
n029 2022-08-30 | A UN nuclear team travelled to the Zaporizhzhia power plant. | -
n030 2020-10-28 | Armenia accused Azerbaijan of shelling a hospital in Nagorno-Karabakh. |
    ARM>AZE:11
n031 2019-06-29 | Trump invited Kim to meet him at the border in a tweet. | USA>PRK:02|03
n032 2016-10-20 | Philippine President Rodrigo Duterte announced his separation from the United
    States during a visit to Beijing. | PHL>USA:01|12|16; ?PHL-CHN
n033 2020-11-05 | Ethiopia's prime minister ordered a military offensive in Tigray. | -
n034 2023-06-27 | Thousands of Serbs protested in Belgrade against the government. | -
n035 2015-09-03 | South Korean President Park Geun-hye attended China's military parade in
    Beijing. | KOR>CHN:04|05
n036 2021-01-12 | Pompeo lifted restrictions on contacts between U.S. and Taiwanese officials. |
    USA>TWN:05|08
n037 2018-02-09 | North Korea's nominal head of state arrived in South Korea for the opening of
    the Winter Olympics. | PRK>KOR:04
n038 2024-08-06 | Ukrainian troops crossed into Russia's Kursk region in a surprise incursion. |
    UKR>RUS:15|17|19
n039 2022-12-01 | Xi told Charles Michel that the war in Ukraine should be resolved through
    talks. | ?CHN-UKR
n040 2020-02-01 | Tokyo urged its citizens to avoid travel to China as the coronavirus spread. |
    JPN>CHN:16
# leaders' "attacks" are words; a leader crossing a border visits
p500 2019-05-14 | Trump attacked China over its trade practices. | USA>CHN:11
p501 2019-06-30 | Trump crossed into North Korea to meet Kim Jong Un. | USA>PRK:04
p502 2022-02-24 | Russian troops crossed into Ukraine from Belarus. | RUS>UKR:19; ?RUS-BLR
# funding, sieges, embargoes, reaffirmed support
p510 2018-03-01 | Japan funded a new port in Sri Lanka. | JPN>LKA:07|06
p511 2017-05-31 | China financed a railway in Kenya. | CHN>KEN:07|06
p512 2022-03-20 | Russian forces besieged the Ukrainian city of Mariupol. | RUS>UKR:19
p513 1962-02-07 | The United States embargoed oil exports to Cuba. | USA>CUB:16
p514 2023-10-09 | Germany reaffirmed its support for Israel. | DEU>ISR:05
# no event: negation, modality, forecasts, nouns, domestic acts, sport
p210 2022-01-10 | Analysts say China could blockade Taiwan within days. | -
p211 2021-09-01 | Japan did not protest the Russian drills. | -
p212 2019-05-01 | Mexico could impose tariffs on American goods. | -
p213 2023-02-01 | Canada will not send troops to Haiti. | -
p214 2018-06-01 | Seoul has never recognised Pyongyang. | -
p215 2022-06-01 | The invasion of Ukraine has pushed up grain prices. | -
p216 2019-06-01 | India and Pakistan may resume talks next month. | -
p217 2021-02-20 | Canada beat the United States 3-2 in the hockey final. | -
p218 2022-06-01 | French President Emmanuel Macron visited a factory in Lyon. | -
p219 2017-05-01 | Experts doubt that North Korea will invade South Korea. | -
p220 2020-05-01 | Would Beijing really attack Taiwan? | -
p221 2016-05-01 | Japanese investors are wary of China's slowing economy. | -
p222 2019-05-01 | The Indian cricket team landed in Sydney on Monday. | -
p223 2023-05-01 | Chinese tourists returned to Thailand in large numbers. | -
p224 2020-05-01 | Russia may have hacked the German parliament, officials said. | -
"""


def _cases(text: str) -> list[tuple[str, str, str, str]]:
    lines: list[str] = []
    for line in text.strip().splitlines():
        if line.startswith(" ") and lines:  # an indented line continues the one above
            lines[-1] += " " + line.strip()
        elif line.strip() and not line.startswith("#"):
            lines.append(line.strip())
    out = []
    for line in lines:
        head, sentence, spec = (x.strip() for x in line.split(" | "))
        sid, date = head.split()
        out.append((sid, date, sentence, "" if spec == "-" else spec))
    return out


CASES = _cases(CASES_TEXT)


def _expected(spec: str) -> list[GoldEvent]:
    out = []
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        if part.startswith("?"):
            a, b = part[1:].split("-")
            out.append(GoldEvent(a, b, ("00",), scored=False))
            continue
        dyad, roots = part.split(":")
        source, target = dyad.split(">")
        out.append(GoldEvent(source, target, tuple(roots.split("|"))))
    return out


#: cases the coder gets wrong today, with why; strict, so a fix shows up
KNOWN_MISSES: dict[str, str] = {
    "p204": "the small model parses 'Greece and Cyprus, which both border Turkey, condemned' "
    "with 'condemned' as the relative clause's verb",
    "h001": "'compared X to the Holocaust' is criticism only by its content; no verb pattern",
    "h009": "no pattern for blocking a ship ('block' codes resolutions, borders and roads)",
    "h016": "protesters in Tehran are Iranian only by where they are; no inference from place",
    "h061": "the ship is the subject of an infinitive under 'permission for', not followed",
    "j018": "'tracked warplanes crossing the median line': the act is inside a participle of a "
    "perception verb's object",
    "j022": "no pattern for pushing migrants toward a border",
    "k009": "the small model parses 'Russian shelling hit Kherson after' with 'shelling' as "
    "the main verb (an attack noun as subject is read when parsed as one)",
    "k018": "praising a state's economy is read as praise of the state",
    "k019": "the actor in a participle ('bases housing American troops') wins over the "
    "place (Erbil)",
    "k022": "the firm is the object of a ban whose complement names the target ZTE",
    "k027": "no pattern for 'cut X off from'",
    "l016": "the office's state is named only by 'inter-Korean', and Kaesong is in North Korea",
    "l028": "the small model parses 'signed accords normalising relations' with 'accords' as "
    "the subject of 'normalising'",
    "l039": "the small model parses 'visited Beijing days after' with Beijing as a modifier "
    "of 'days'",
    "l040": "Trump was president-elect on that date, and the leaders table holds terms of office",
    "m001": "the small model parses 'and fire warning shots' with 'fire' as a noun",
    "m013": "'joined 13 other countries in signing': the act is a gerund under 'join in'",
    "m018": "'air strikes on the territory': 'the territory' refers back to Gaza",
    "m028": "no pattern for removing a state from a list (a trade whitelist or a terror list "
    "reads the opposite way)",
    "m037": "'North and South Korea' names two states with one shared noun",
    "n001": "one verb, two acts: 'switched recognition from Taiwan to China' (only the first "
    "pattern that finds a target codes a verb)",
    "n026": "'criticised the investigation into': the investigation's state is not named",
    "n032": "'announced his separation from the United States': the act is a noun",
    "n040": "urging one's own citizens to avoid travel to a state is no pattern yet",
}


@pytest.fixture(scope="module")
def coder():
    from bilateral.coding.pipeline import installed_models

    if not installed_models():
        need_system("an English spaCy pipeline", "pip install 'bilateral[model]'")
    from bilateral.coding.coder import Coder

    return Coder()


def _params():
    for case in CASES:
        reason = KNOWN_MISSES.get(case[0])
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        yield pytest.param(*case, id=case[0], marks=marks)


def probe(coder, sid: str, date: str, text: str, spec: str) -> Score:
    score = Score("probe")
    sentence = GoldSentence(sid, text, date, _expected(spec))
    score_sentence(sentence, predictions_of(coder.code(text, date)), score)
    return score


@pytest.mark.parametrize(("sid", "date", "text", "spec"), list(_params()))
def test_probe_sentence(coder, sid, date, text, spec):
    score = probe(coder, sid, date, text, spec)
    [result] = score.results
    assert not result.missed and not result.false_positives, (
        f"missed {[(g.source, g.target, g.roots) for g in result.missed]}, "
        f"false positives {[str(p) for p in result.false_positives]}"
    )


def test_probe_cases_are_well_formed():
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids))
    roots = {r for c in CASES for g in _expected(c[3]) if g.scored for r in g.roots}
    assert roots == {f"{n:02d}" for n in range(1, 21)}
    assert set(KNOWN_MISSES) <= set(ids)
