// Three accounts, two tweets, two POSTED and one AMPLIFIED relationship.
CREATE (a:Account {uid: 'twitter:1', platform: 'twitter', handle: 'HKpoliticalnew'}),
       (b:Account {uid: 'twitter:2', platform: 'twitter', handle: 'ctcc507'}),
       (c:Account {uid: 'twitter:3', platform: 'twitter', handle: 'amplifier'}),
       (t1:Post:Tweet {uid: 'twitter:10', id: '10'}),
       (t2:Post:Tweet {uid: 'twitter:11', id: '11'}),
       (a)-[:POSTED]->(t1), (b)-[:POSTED]->(t2), (c)-[:AMPLIFIED]->(a)
