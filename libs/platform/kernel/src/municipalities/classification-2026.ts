/**
 * Municipalities of Finland and the wellbeing services county of each: Statistics Finland's
 * classification of municipalities (kuntaluokitus / kommunindelning), year 2026, with the
 * municipalities' names in Finnish and Swedish and the mapping to wellbeing services counties
 * (hyvinvointialueet, in force since 2023; Helsinki arranges the services itself; the 16
 * municipalities of Åland are outside the reform and have no county).
 *
 * PROVENANCE, stated plainly: this file was written from knowledge of that classification, not
 * downloaded — no network source for it was reachable while it was written. It reflects the 309
 * municipalities in force since 2021 (Honkajoki joined Kankaanpää), assumed unchanged for 2026, and
 * the 2021 moves of Heinävesi (to North Karelia), Joroinen (to North Savo), Kuhmoinen (to
 * Pirkanmaa) and Iitti (to Päijät-Häme). Before production it must be checked line by line against
 * Statistics Finland's published classification (stat.fi, "Kunnat ja hyvinvointialueet 2026"):
 * replace this file with the next year's as a new version (classification-2027.ts), never edit
 * a year's file in place.
 *
 * One line per municipality: code | Finnish name | Swedish name | county key. For a unilingual
 * Finnish municipality the classification gives the Finnish name as the Swedish one too.
 */
export const CLASSIFICATION_SOURCE = 'Statistics Finland, classification of municipalities and wellbeing services counties';
export const CLASSIFICATION_YEAR = 2026;

/** Wellbeing services counties (and Helsinki), key → Finnish and Swedish names. */
export const COUNTY_TABLE = `
itauusimaa|Itä-Uudenmaan hyvinvointialue|Östra Nylands välfärdsområde
keskiuusimaa|Keski-Uudenmaan hyvinvointialue|Mellersta Nylands välfärdsområde
lansiuusimaa|Länsi-Uudenmaan hyvinvointialue|Västra Nylands välfärdsområde
vantaakerava|Vantaan ja Keravan hyvinvointialue|Vanda och Kervo välfärdsområde
helsinki|Helsingin kaupunki|Helsingfors stad
varsinaissuomi|Varsinais-Suomen hyvinvointialue|Egentliga Finlands välfärdsområde
satakunta|Satakunnan hyvinvointialue|Satakunta välfärdsområde
kantahame|Kanta-Hämeen hyvinvointialue|Egentliga Tavastlands välfärdsområde
pirkanmaa|Pirkanmaan hyvinvointialue|Birkalands välfärdsområde
paijathame|Päijät-Hämeen hyvinvointialue|Päijänne-Tavastlands välfärdsområde
kymenlaakso|Kymenlaakson hyvinvointialue|Kymmenedalens välfärdsområde
etelakarjala|Etelä-Karjalan hyvinvointialue|Södra Karelens välfärdsområde
etelasavo|Etelä-Savon hyvinvointialue|Södra Savolax välfärdsområde
pohjoissavo|Pohjois-Savon hyvinvointialue|Norra Savolax välfärdsområde
pohjoiskarjala|Pohjois-Karjalan hyvinvointialue|Norra Karelens välfärdsområde
keskisuomi|Keski-Suomen hyvinvointialue|Mellersta Finlands välfärdsområde
etelapohjanmaa|Etelä-Pohjanmaan hyvinvointialue|Södra Österbottens välfärdsområde
pohjanmaa|Pohjanmaan hyvinvointialue|Österbottens välfärdsområde
keskipohjanmaa|Keski-Pohjanmaan hyvinvointialue|Mellersta Österbottens välfärdsområde
pohjoispohjanmaa|Pohjois-Pohjanmaan hyvinvointialue|Norra Österbottens välfärdsområde
kainuu|Kainuun hyvinvointialue|Kajanalands välfärdsområde
lappi|Lapin hyvinvointialue|Lapplands välfärdsområde
`;

/** The municipalities; county key `-` for Åland. */
export const MUNICIPALITY_TABLE = `
005|Alajärvi|Alajärvi|etelapohjanmaa
009|Alavieska|Alavieska|pohjoispohjanmaa
010|Alavus|Alavus|etelapohjanmaa
016|Asikkala|Asikkala|paijathame
018|Askola|Askola|itauusimaa
019|Aura|Aura|varsinaissuomi
020|Akaa|Akaa|pirkanmaa
035|Brändö|Brändö|-
043|Eckerö|Eckerö|-
046|Enonkoski|Enonkoski|etelasavo
047|Enontekiö|Enontekis|lappi
049|Espoo|Esbo|lansiuusimaa
050|Eura|Eura|satakunta
051|Eurajoki|Euraåminne|satakunta
052|Evijärvi|Evijärvi|etelapohjanmaa
060|Finström|Finström|-
061|Forssa|Forssa|kantahame
062|Föglö|Föglö|-
065|Geta|Geta|-
069|Haapajärvi|Haapajärvi|pohjoispohjanmaa
071|Haapavesi|Haapavesi|pohjoispohjanmaa
072|Hailuoto|Karlö|pohjoispohjanmaa
074|Halsua|Halsua|keskipohjanmaa
075|Hamina|Fredrikshamn|kymenlaakso
076|Hammarland|Hammarland|-
077|Hankasalmi|Hankasalmi|keskisuomi
078|Hanko|Hangö|lansiuusimaa
079|Harjavalta|Harjavalta|satakunta
081|Hartola|Hartola|paijathame
082|Hattula|Hattula|kantahame
086|Hausjärvi|Hausjärvi|kantahame
090|Heinävesi|Heinävesi|pohjoiskarjala
091|Helsinki|Helsingfors|helsinki
092|Vantaa|Vanda|vantaakerava
097|Hirvensalmi|Hirvensalmi|etelasavo
098|Hollola|Hollola|paijathame
102|Huittinen|Vittis|satakunta
103|Humppila|Humppila|kantahame
105|Hyrynsalmi|Hyrynsalmi|kainuu
106|Hyvinkää|Hyvinge|keskiuusimaa
108|Hämeenkyrö|Tavastkyro|pirkanmaa
109|Hämeenlinna|Tavastehus|kantahame
111|Heinola|Heinola|paijathame
139|Ii|Ii|pohjoispohjanmaa
140|Iisalmi|Idensalmi|pohjoissavo
142|Iitti|Iitti|paijathame
143|Ikaalinen|Ikalis|pirkanmaa
145|Ilmajoki|Ilmajoki|etelapohjanmaa
146|Ilomantsi|Ilomants|pohjoiskarjala
148|Inari|Enare|lappi
149|Inkoo|Ingå|lansiuusimaa
151|Isojoki|Storå|etelapohjanmaa
152|Isokyrö|Storkyro|pohjanmaa
153|Imatra|Imatra|etelakarjala
165|Janakkala|Janakkala|kantahame
167|Joensuu|Joensuu|pohjoiskarjala
169|Jokioinen|Jockis|kantahame
170|Jomala|Jomala|-
171|Joroinen|Jorois|pohjoissavo
172|Joutsa|Joutsa|keskisuomi
176|Juuka|Juga|pohjoiskarjala
177|Juupajoki|Juupajoki|pirkanmaa
178|Juva|Juva|etelasavo
179|Jyväskylä|Jyväskylä|keskisuomi
181|Jämijärvi|Jämijärvi|satakunta
182|Jämsä|Jämsä|keskisuomi
186|Järvenpää|Träskända|keskiuusimaa
202|Kaarina|S:t Karins|varsinaissuomi
204|Kaavi|Kaavi|pohjoissavo
205|Kajaani|Kajana|kainuu
208|Kalajoki|Kalajoki|pohjoispohjanmaa
211|Kangasala|Kangasala|pirkanmaa
213|Kangasniemi|Kangasniemi|etelasavo
214|Kankaanpää|Kankaanpää|satakunta
216|Kannonkoski|Kannonkoski|keskisuomi
217|Kannus|Kannus|keskipohjanmaa
218|Karijoki|Bötom|etelapohjanmaa
224|Karkkila|Högfors|lansiuusimaa
226|Karstula|Karstula|keskisuomi
230|Karvia|Karvia|satakunta
231|Kaskinen|Kaskö|pohjanmaa
232|Kauhajoki|Kauhajoki|etelapohjanmaa
233|Kauhava|Kauhava|etelapohjanmaa
235|Kauniainen|Grankulla|lansiuusimaa
236|Kaustinen|Kaustby|keskipohjanmaa
239|Keitele|Keitele|pohjoissavo
240|Kemi|Kemi|lappi
241|Keminmaa|Keminmaa|lappi
244|Kempele|Kempele|pohjoispohjanmaa
245|Kerava|Kervo|vantaakerava
249|Keuruu|Keuruu|keskisuomi
250|Kihniö|Kihniö|pirkanmaa
256|Kinnula|Kinnula|keskisuomi
257|Kirkkonummi|Kyrkslätt|lansiuusimaa
260|Kitee|Kitee|pohjoiskarjala
261|Kittilä|Kittilä|lappi
263|Kiuruvesi|Kiuruvesi|pohjoissavo
265|Kivijärvi|Kivijärvi|keskisuomi
271|Kokemäki|Kumo|satakunta
272|Kokkola|Karleby|keskipohjanmaa
273|Kolari|Kolari|lappi
275|Konnevesi|Konnevesi|keskisuomi
276|Kontiolahti|Kontiolahti|pohjoiskarjala
280|Korsnäs|Korsnäs|pohjanmaa
284|Koski Tl|Koskis|varsinaissuomi
285|Kotka|Kotka|kymenlaakso
286|Kouvola|Kouvola|kymenlaakso
287|Kristiinankaupunki|Kristinestad|pohjanmaa
288|Kruunupyy|Kronoby|pohjanmaa
290|Kuhmo|Kuhmo|kainuu
291|Kuhmoinen|Kuhmoinen|pirkanmaa
295|Kumlinge|Kumlinge|-
297|Kuopio|Kuopio|pohjoissavo
300|Kuortane|Kuortane|etelapohjanmaa
301|Kurikka|Kurikka|etelapohjanmaa
304|Kustavi|Gustavs|varsinaissuomi
305|Kuusamo|Kuusamo|pohjoispohjanmaa
309|Outokumpu|Outokumpu|pohjoiskarjala
312|Kyyjärvi|Kyyjärvi|keskisuomi
316|Kärkölä|Kärkölä|paijathame
317|Kärsämäki|Kärsämäki|pohjoispohjanmaa
318|Kökar|Kökar|-
320|Kemijärvi|Kemijärvi|lappi
322|Kemiönsaari|Kimitoön|varsinaissuomi
398|Lahti|Lahtis|paijathame
399|Laihia|Laihela|pohjanmaa
400|Laitila|Letala|varsinaissuomi
402|Lapinlahti|Lapinlahti|pohjoissavo
403|Lappajärvi|Lappajärvi|etelapohjanmaa
405|Lappeenranta|Villmanstrand|etelakarjala
407|Lapinjärvi|Lappträsk|itauusimaa
408|Lapua|Lappo|etelapohjanmaa
410|Laukaa|Laukaa|keskisuomi
416|Lemi|Lemi|etelakarjala
417|Lemland|Lemland|-
418|Lempäälä|Lempäälä|pirkanmaa
420|Leppävirta|Leppävirta|pohjoissavo
421|Lestijärvi|Lestijärvi|keskipohjanmaa
422|Lieksa|Lieksa|pohjoiskarjala
423|Lieto|Lundo|varsinaissuomi
425|Liminka|Limingo|pohjoispohjanmaa
426|Liperi|Liperi|pohjoiskarjala
430|Loimaa|Loimaa|varsinaissuomi
433|Loppi|Loppi|kantahame
434|Loviisa|Lovisa|itauusimaa
435|Luhanka|Luhanka|keskisuomi
436|Lumijoki|Lumijoki|pohjoispohjanmaa
438|Lumparland|Lumparland|-
440|Luoto|Larsmo|pohjanmaa
441|Luumäki|Luumäki|etelakarjala
444|Lohja|Lojo|lansiuusimaa
445|Parainen|Pargas|varsinaissuomi
475|Maalahti|Malax|pohjanmaa
478|Maarianhamina|Mariehamn|-
480|Marttila|Marttila|varsinaissuomi
481|Masku|Masku|varsinaissuomi
483|Merijärvi|Merijärvi|pohjoispohjanmaa
484|Merikarvia|Sastmola|satakunta
489|Miehikkälä|Miehikkälä|kymenlaakso
491|Mikkeli|S:t Michel|etelasavo
494|Muhos|Muhos|pohjoispohjanmaa
495|Multia|Multia|keskisuomi
498|Muonio|Muonio|lappi
499|Mustasaari|Korsholm|pohjanmaa
500|Muurame|Muurame|keskisuomi
503|Mynämäki|Virmo|varsinaissuomi
504|Myrskylä|Mörskom|itauusimaa
505|Mäntsälä|Mäntsälä|keskiuusimaa
507|Mäntyharju|Mäntyharju|etelasavo
508|Mänttä-Vilppula|Mänttä-Vilppula|pirkanmaa
529|Naantali|Nådendal|varsinaissuomi
531|Nakkila|Nakkila|satakunta
535|Nivala|Nivala|pohjoispohjanmaa
536|Nokia|Nokia|pirkanmaa
538|Nousiainen|Nousis|varsinaissuomi
541|Nurmes|Nurmes|pohjoiskarjala
543|Nurmijärvi|Nurmijärvi|keskiuusimaa
545|Närpiö|Närpes|pohjanmaa
560|Orimattila|Orimattila|paijathame
561|Oripää|Oripää|varsinaissuomi
562|Orivesi|Orivesi|pirkanmaa
563|Oulainen|Oulainen|pohjoispohjanmaa
564|Oulu|Uleåborg|pohjoispohjanmaa
576|Padasjoki|Padasjoki|paijathame
577|Paimio|Pemar|varsinaissuomi
578|Paltamo|Paltamo|kainuu
580|Parikkala|Parikkala|etelakarjala
581|Parkano|Parkano|pirkanmaa
583|Pelkosenniemi|Pelkosenniemi|lappi
584|Perho|Perho|keskipohjanmaa
588|Pertunmaa|Pertunmaa|etelasavo
592|Petäjävesi|Petäjävesi|keskisuomi
593|Pieksämäki|Pieksämäki|etelasavo
595|Pielavesi|Pielavesi|pohjoissavo
598|Pietarsaari|Jakobstad|pohjanmaa
599|Pedersören kunta|Pedersöre|pohjanmaa
601|Pihtipudas|Pihtipudas|keskisuomi
604|Pirkkala|Birkala|pirkanmaa
607|Polvijärvi|Polvijärvi|pohjoiskarjala
608|Pomarkku|Påmark|satakunta
609|Pori|Björneborg|satakunta
611|Pornainen|Borgnäs|keskiuusimaa
614|Posio|Posio|lappi
615|Pudasjärvi|Pudasjärvi|pohjoispohjanmaa
616|Pukkila|Pukkila|itauusimaa
619|Punkalaidun|Punkalaidun|pirkanmaa
620|Puolanka|Puolanka|kainuu
623|Puumala|Puumala|etelasavo
624|Pyhtää|Pyttis|kymenlaakso
625|Pyhäjoki|Pyhäjoki|pohjoispohjanmaa
626|Pyhäjärvi|Pyhäjärvi|pohjoispohjanmaa
630|Pyhäntä|Pyhäntä|pohjoispohjanmaa
631|Pyhäranta|Pyhäranta|varsinaissuomi
635|Pälkäne|Pälkäne|pirkanmaa
636|Pöytyä|Pöytyä|varsinaissuomi
638|Porvoo|Borgå|itauusimaa
678|Raahe|Brahestad|pohjoispohjanmaa
680|Raisio|Reso|varsinaissuomi
681|Rantasalmi|Rantasalmi|etelasavo
683|Ranua|Ranua|lappi
684|Rauma|Raumo|satakunta
686|Rautalampi|Rautalampi|pohjoissavo
687|Rautavaara|Rautavaara|pohjoissavo
689|Rautjärvi|Rautjärvi|etelakarjala
691|Reisjärvi|Reisjärvi|pohjoispohjanmaa
694|Riihimäki|Riihimäki|kantahame
697|Ristijärvi|Ristijärvi|kainuu
698|Rovaniemi|Rovaniemi|lappi
700|Ruokolahti|Ruokolahti|etelakarjala
702|Ruovesi|Ruovesi|pirkanmaa
704|Rusko|Rusko|varsinaissuomi
707|Rääkkylä|Rääkkylä|pohjoiskarjala
710|Raasepori|Raseborg|lansiuusimaa
729|Saarijärvi|Saarijärvi|keskisuomi
732|Salla|Salla|lappi
734|Salo|Salo|varsinaissuomi
736|Saltvik|Saltvik|-
738|Sauvo|Sagu|varsinaissuomi
739|Savitaipale|Savitaipale|etelakarjala
740|Savonlinna|Nyslott|etelasavo
742|Savukoski|Savukoski|lappi
743|Seinäjoki|Seinäjoki|etelapohjanmaa
746|Sievi|Sievi|pohjoispohjanmaa
747|Siikainen|Siikainen|satakunta
748|Siikajoki|Siikajoki|pohjoispohjanmaa
749|Siilinjärvi|Siilinjärvi|pohjoissavo
751|Simo|Simo|lappi
753|Sipoo|Sibbo|itauusimaa
755|Siuntio|Sjundeå|lansiuusimaa
758|Sodankylä|Sodankylä|lappi
759|Soini|Soini|etelapohjanmaa
761|Somero|Somero|varsinaissuomi
762|Sonkajärvi|Sonkajärvi|pohjoissavo
765|Sotkamo|Sotkamo|kainuu
766|Sottunga|Sottunga|-
768|Sulkava|Sulkava|etelasavo
771|Sund|Sund|-
777|Suomussalmi|Suomussalmi|kainuu
778|Suonenjoki|Suonenjoki|pohjoissavo
781|Sysmä|Sysmä|paijathame
783|Säkylä|Säkylä|satakunta
785|Vaala|Vaala|pohjoispohjanmaa
790|Sastamala|Sastamala|pirkanmaa
791|Siikalatva|Siikalatva|pohjoispohjanmaa
831|Taipalsaari|Taipalsaari|etelakarjala
832|Taivalkoski|Taivalkoski|pohjoispohjanmaa
833|Taivassalo|Tövsala|varsinaissuomi
834|Tammela|Tammela|kantahame
837|Tampere|Tammerfors|pirkanmaa
844|Tervo|Tervo|pohjoissavo
845|Tervola|Tervola|lappi
846|Teuva|Östermark|etelapohjanmaa
848|Tohmajärvi|Tohmajärvi|pohjoiskarjala
849|Toholampi|Toholampi|keskipohjanmaa
850|Toivakka|Toivakka|keskisuomi
851|Tornio|Torneå|lappi
853|Turku|Åbo|varsinaissuomi
854|Pello|Pello|lappi
857|Tuusniemi|Tuusniemi|pohjoissavo
858|Tuusula|Tusby|keskiuusimaa
859|Tyrnävä|Tyrnävä|pohjoispohjanmaa
886|Ulvila|Ulvsby|satakunta
887|Urjala|Urjala|pirkanmaa
889|Utajärvi|Utajärvi|pohjoispohjanmaa
890|Utsjoki|Utsjoki|lappi
892|Uurainen|Uurainen|keskisuomi
893|Uusikaarlepyy|Nykarleby|pohjanmaa
895|Uusikaupunki|Nystad|varsinaissuomi
905|Vaasa|Vasa|pohjanmaa
908|Valkeakoski|Valkeakoski|pirkanmaa
915|Varkaus|Varkaus|pohjoissavo
918|Vehmaa|Vehmaa|varsinaissuomi
921|Vesanto|Vesanto|pohjoissavo
922|Vesilahti|Vesilahti|pirkanmaa
924|Veteli|Vetil|keskipohjanmaa
925|Vieremä|Vieremä|pohjoissavo
927|Vihti|Vichtis|lansiuusimaa
931|Viitasaari|Viitasaari|keskisuomi
934|Vimpeli|Vindala|etelapohjanmaa
935|Virolahti|Virolahti|kymenlaakso
936|Virrat|Virdois|pirkanmaa
941|Vårdö|Vårdö|-
946|Vöyri|Vörå|pohjanmaa
976|Ylitornio|Övertorneå|lappi
977|Ylivieska|Ylivieska|pohjoispohjanmaa
980|Ylöjärvi|Ylöjärvi|pirkanmaa
981|Ypäjä|Ypäjä|kantahame
989|Ähtäri|Etseri|etelapohjanmaa
992|Äänekoski|Äänekoski|keskisuomi
`;
